using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    private readonly object _threadCallLock = new();
    private List<ThreadCall> _threadCalls = new();
    private List<ThreadCall>? _spareThreadCalls = new();
    private int _wakePending;
    private ReactorThreadPool? _threadPool;
    private SystemEventTriggerId? _threadPoolStartupId;
    private SystemEventTriggerId? _threadPoolShutdownId;

    private int _ended;
    private CancellationTokenSource? _endedSource;

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The reactor was disposed (the call could never run).</exception>
    public void CallFromThread(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ThrowIfDisposed();
        EnqueueThreadCall(new ThreadCall(callable, null));
    }

    /// <summary>
    /// Like <see cref="CallFromThread"/>, reporting <paramref name="describeAs"/> as the callback's
    /// name (logs, slow-callback reports). For the reactor's own plumbing (synchronization context,
    /// completions arriving on pool threads): never throws; after disposal the call is dropped.
    /// </summary>
    internal void CallFromThreadNamed(Action callable, Delegate describeAs)
    {
        if (!_disposed)
        {
            EnqueueThreadCall(new ThreadCall(callable, describeAs));
        }
    }

    /// <summary>Like <see cref="CallFromThread"/> for the reactor's own plumbing: never throws; dropped after disposal.</summary>
    internal void CallFromThreadUnlessDisposed(Action callable) => CallFromThreadNamed(callable, callable);

    /// <summary>
    /// True once the reactor will never run another thread call: it stopped (it cannot be
    /// restarted) or was disposed.
    /// </summary>
    internal bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Cancelled when the reactor ends (see <see cref="HasEnded"/>); already cancelled if it has.</summary>
    internal CancellationToken EndedToken
    {
        get
        {
            lock (_threadCallLock)
            {
                _endedSource ??= new CancellationTokenSource();
                if (_ended != 0)
                {
                    _endedSource.Cancel();
                }

                return _endedSource.Token;
            }
        }
    }

    /// <summary>Records that the reactor will run no more thread calls and releases whoever waits for one.</summary>
    private void MarkEnded()
    {
        CancellationTokenSource? source;
        lock (_threadCallLock)
        {
            _ended = 1;
            source = _endedSource;
        }

        source?.Cancel();
    }

    private readonly record struct ThreadCall(Action Callable, Delegate? DescribeAs)
    {
        public Delegate Name => DescribeAs ?? Callable;
    }

    private void EnqueueThreadCall(ThreadCall call)
    {
        lock (_threadCallLock)
        {
            _threadCalls.Add(call);
        }

        // Wake the loop only if no wake-up is outstanding: the loop clears the flag before it takes
        // the queue, so a call queued after that always writes a fresh wake-up.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            WakeUp();
        }
    }

    /// <summary>True when a thread call was queued since the loop last took the queue (a wake-up is outstanding).</summary>
    private bool HasPendingThreadCalls => Volatile.Read(ref _wakePending) != 0;

    /// <summary>Runs the thread calls queued before this point, FIFO; later ones wait for the next iteration.</summary>
    private void RunThreadCalls()
    {
        Interlocked.Exchange(ref _wakePending, 0);
        List<ThreadCall> batch;
        lock (_threadCallLock)
        {
            if (_threadCalls.Count == 0)
            {
                return;
            }

            batch = _threadCalls;
            // A nested Iterate() from a thread call finds no spare list and allocates one.
            _threadCalls = _spareThreadCalls ?? new List<ThreadCall>();
            _spareThreadCalls = null;
        }

        try
        {
            foreach (var call in batch)
            {
                long start = SlowCallbackStart();
                try
                {
                    call.Callable();
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Unhandled exception in thread call {Callback}.", Torsion.Reactors.CallbackNames.Describe(call.Name));
                }

                SlowCallbackEnd(start, call.Name);
            }
        }
        finally
        {
            batch.Clear();
            _spareThreadCalls = batch;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    public void CallInThread(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ThrowIfDisposed();
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
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    public ReactorThreadPool GetThreadPool()
    {
        ThrowIfDisposed();
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
