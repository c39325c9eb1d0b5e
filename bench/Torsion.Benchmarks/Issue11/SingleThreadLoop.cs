using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// The .NET side of W3: a one-thread event loop, i.e. a <see cref="SynchronizationContext"/> whose
/// <see cref="Post"/> queues work (thread-safely, under a lock, as any real one must) and a
/// <see cref="Run"/> that drains the queue on the calling thread until the given task completes.
/// </summary>
internal sealed class SingleThreadLoop : SynchronizationContext
{
    private readonly object _lock = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Installs this context, starts <paramref name="start"/> and runs posted work until its task completes.</summary>
    public T Run<T>(Func<Task<T>> start)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            Task<T> task = start();
            while (!task.IsCompleted)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (_lock)
                {
                    if (!_queue.TryDequeue(out item))
                    {
                        throw new InvalidOperationException("The loop ran dry before the task completed.");
                    }
                }

                item.Callback(item.State);
            }

            return task.Result;
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
