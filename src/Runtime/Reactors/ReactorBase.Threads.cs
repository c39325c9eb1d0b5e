using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    // Multi-producer queue: producers never take a lock, so the loop's frequent, small takes do not
    // contend with them (a locked list swapped per turn halved cross-thread throughput).
    private readonly ConcurrentQueue<ThreadCall> _threadCalls = new();
    private List<ThreadCall>? _spareThreadCalls = new();
    private int _wakePending;
    private int _threadCallsQueued;
    private readonly object _endedLock = new();
    private int _ended;
    private CancellationTokenSource? _endedSource;
    private bool _threadCallsFromOtherThreads;
    private ReactorThreadPool? _threadPool;
    private SystemEventTriggerId? _threadPoolStartupId;
    private SystemEventTriggerId? _threadPoolShutdownId;

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The reactor was disposed (the call could never run).</exception>
    public void CallFromThread(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ThrowIfDisposed();
        EnqueueThreadCall(new ThreadCall(callable, null, null, null));
    }

    /// <summary>
    /// Queues <c>callable(state)</c> to run on the reactor thread: the state-passing form of
    /// <see cref="CallFromThread(Action)"/> (thread-safe, FIFO with it), which needs no closure when
    /// <paramref name="callable"/> is a cached (e.g. static) lambda. A value-type state is boxed.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to <paramref name="callable"/>.</typeparam>
    /// <param name="callable">What to run on the reactor thread. An exception it throws is logged.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The reactor was disposed (the call could never run).</exception>
    public void CallFromThread<TState>(Action<TState> callable, TState state)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ThrowIfDisposed();
        EnqueueThreadCall(new ThreadCall(callable, state, StateInvoker<TState>.Instance, null));
    }

    /// <summary>
    /// Like <see cref="CallFromThread(Action)"/>, reporting <paramref name="describeAs"/> as the callback's
    /// name (logs, slow-callback reports). For the reactor's own plumbing (synchronization context,
    /// completions arriving on pool threads): never throws; after disposal the call is dropped.
    /// </summary>
    internal void CallFromThreadNamed(Action callable, Delegate describeAs)
    {
        if (!_disposed)
        {
            EnqueueThreadCall(new ThreadCall(callable, null, null, describeAs));
        }
    }

    /// <summary>Like <see cref="CallFromThread(Action)"/> for the reactor's own plumbing: never throws; dropped after disposal.</summary>
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
            lock (_endedLock)
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
        lock (_endedLock)
        {
            _ended = 1;
            source = _endedSource;
        }

        source?.Cancel();
    }

    /// <summary>
    /// Queues <c>callback(state)</c> (a synchronization context's Post) without a closure, named
    /// <paramref name="describeAs"/>. Reactor plumbing: never throws; dropped after disposal.
    /// </summary>
    internal void PostFromThread(SendOrPostCallback callback, object? state, Delegate describeAs)
    {
        if (!_disposed)
        {
            EnqueueThreadCall(new ThreadCall(callback, state, s_postInvoker, describeAs));
        }
    }

    private static readonly Action<Delegate, object?> s_postInvoker = static (callback, state) => Unsafe.As<SendOrPostCallback>(callback)(state);

    /// <summary>Calls an <see cref="Action{T}"/> stored as a <see cref="Delegate"/> with its state stored as an object.</summary>
    private static class StateInvoker<TState>
    {
        public static readonly Action<Delegate, object?> Instance = static (callable, state) => Unsafe.As<Action<TState>>(callable)((TState)state!);
    }

    /// <summary>A queued thread call: an <see cref="Action"/> (no invoker), or a state-passing callable and the invoker that calls it.</summary>
    private readonly record struct ThreadCall(Delegate Callable, object? State, Action<Delegate, object?>? Invoker, Delegate? DescribeAs)
    {
        public Delegate Name => DescribeAs ?? Callable;

        public void Invoke()
        {
            if (Invoker is null)
            {
                Unsafe.As<Action>(Callable)();
            }
            else
            {
                Invoker(Callable, State);
            }
        }
    }

    private void EnqueueThreadCall(ThreadCall call)
    {
        _threadCalls.Enqueue(call);
        if (!IsReactorThread && !Volatile.Read(ref _threadCallsFromOtherThreads))
        {
            Volatile.Write(ref _threadCallsFromOtherThreads, true);
        }

        // Set after the call is in the queue (the enqueue is a full fence): the loop clears the
        // flag before it counts the queue, so a set flag it missed means a call it will count.
        if (Volatile.Read(ref _threadCallsQueued) == 0)
        {
            Interlocked.Exchange(ref _threadCallsQueued, 1);
        }

        // Wake the loop only if no wake-up is outstanding. The loop clears the flag just before a
        // wait that may block (PrepareToBlock) and then looks at the queue again, so a call queued
        // after the clear writes a fresh wake-up, and one queued before it is seen; while the loop
        // is busy the flag stays set and producers make no system call.
        if (Volatile.Read(ref _wakePending) == 0 && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            WakeUp();
        }
    }

    /// <summary>True when a thread call was queued since the loop last took the queue.</summary>
    private bool HasPendingThreadCalls => Volatile.Read(ref _threadCallsQueued) != 0;

    /// <summary>True when a call queued since the loop last took the queue came from another thread.</summary>
    private bool HasThreadCallsFromOtherThreads => Volatile.Read(ref _threadCallsFromOtherThreads);

    /// <summary>
    /// Called just before a wait that may block: re-arms the wake-up and returns true when a thread
    /// call is already queued (the wait must then not block).
    /// </summary>
    private bool PrepareToBlock()
    {
        Interlocked.Exchange(ref _wakePending, 0);
        return HasPendingThreadCalls;
    }

    /// <summary>Runs the thread calls queued before this point, FIFO; later ones wait for the next iteration.</summary>
    private void RunThreadCalls()
    {
        // Lock-free fast path: producers set the flag after each call they queue and the loop
        // clears it before it counts the queue, so a clear flag means nothing was queued since.
        if (Volatile.Read(ref _threadCallsQueued) == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _threadCallsQueued, 0);
        Volatile.Write(ref _threadCallsFromOtherThreads, false);

        // Take exactly the calls queued before this point (later ones wait for the next
        // iteration, so a producer faster than the loop cannot starve timers and I/O). A nested
        // Iterate() from a thread call finds no spare list and allocates one.
        int count = _threadCalls.Count;
        if (count == 0)
        {
            return;
        }

        List<ThreadCall> batch = _spareThreadCalls ?? new List<ThreadCall>();
        _spareThreadCalls = null;
        for (int i = 0; i < count && _threadCalls.TryDequeue(out ThreadCall call); i++)
        {
            batch.Add(call);
        }

        try
        {
            foreach (var call in batch)
            {
                long start = SlowCallbackStart();
                try
                {
                    call.Invoke();
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
