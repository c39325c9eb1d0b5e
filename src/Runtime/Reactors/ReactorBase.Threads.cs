using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    private readonly object _threadCallLock = new();
    private List<Action> _threadCalls = new();
    private List<Action> _runningThreadCalls = new();
    private int _wakePending;
    private ReactorThreadPool? _threadPool;
    private SystemEventTriggerId? _threadPoolStartupId;
    private SystemEventTriggerId? _threadPoolShutdownId;

    /// <inheritdoc/>
    public void CallFromThread(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        lock (_threadCallLock)
        {
            _threadCalls.Add(callable);
        }

        // Wake the loop only if no wake-up is outstanding: the loop clears the flag before it takes
        // the queue, so a call queued after that always writes a fresh wake-up.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            WakeUp();
        }
    }

    private bool HasPendingThreadCalls => Volatile.Read(ref _wakePending) != 0 && ThreadCallCount() > 0;

    private int ThreadCallCount()
    {
        lock (_threadCallLock)
        {
            return _threadCalls.Count;
        }
    }

    /// <summary>Runs the thread calls queued before this point, FIFO; later ones wait for the next iteration.</summary>
    private void RunThreadCalls()
    {
        Interlocked.Exchange(ref _wakePending, 0);
        List<Action> batch;
        lock (_threadCallLock)
        {
            if (_threadCalls.Count == 0)
            {
                return;
            }

            batch = _threadCalls;
            _threadCalls = _runningThreadCalls;
        }

        try
        {
            foreach (var call in batch)
            {
                long start = SlowCallbackStart();
                try
                {
                    call();
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Unhandled exception in thread call {Callback}.", Torsion.Reactors.CallbackNames.Describe(call));
                }

                SlowCallbackEnd(start, call);
            }
        }
        finally
        {
            batch.Clear();
            _runningThreadCalls = batch;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public void CallInThread(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        GetThreadPool().CallInThread(callable);
    }

    /// <inheritdoc/>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public void SuggestThreadPoolSize(int size)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The thread pool needs at least one thread.");
        }

        GetThreadPool().AdjustPoolSize(0, size);
    }

    /// <inheritdoc/>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public ReactorThreadPool GetThreadPool()
    {
        CheckThread();
        if (_threadPool is null)
        {
            var pool = new ReactorThreadPool(0, 10, "Torsion.Reactor", Logger);
            _threadPool = pool;
            _threadPoolStartupId = CallWhenRunning(pool.Start);
            _threadPoolShutdownId = AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, StopThreadPool);
        }

        return _threadPool;
    }

    private void StopThreadPool()
    {
        foreach (var id in new[] { _threadPoolStartupId, _threadPoolShutdownId })
        {
            if (id is not null)
            {
                try
                {
                    RemoveSystemEventTrigger(id);
                }
                catch (ArgumentException)
                {
                    // Already ran: nothing to remove.
                }
            }
        }

        _threadPoolStartupId = null;
        _threadPoolShutdownId = null;
        _threadPool?.Stop();
        _threadPool = null;
    }
}
