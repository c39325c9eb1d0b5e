using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Torsion.Reactors.Timers;

namespace Torsion;

/// <summary>
/// The event loop shared by every Torsion reactor (Twisted's <c>ReactorBase</c>): system events,
/// delayed calls, thread calls, signals and the slow-callback monitor. A subclass supplies the
/// waiting primitive (<see cref="DoIteration"/>) and the way other threads wake it (<see cref="WakeUp"/>).
/// </summary>
/// <remarks>
/// One loop iteration: run the thread calls queued before it started; run every delayed call that
/// is due; fire "shutdown" if <see cref="Stop"/> was called; then wait for I/O until the next timer
/// is due, or, if work is already pending, poll without waiting at most every 61 turns or every
/// millisecond and otherwise go round without a system call. A callback that throws is logged through the
/// <see cref="ILogger"/> given to the constructor and the loop goes on.
/// </remarks>
public abstract partial class ReactorBase : IReactor, IDisposable
{
    private readonly TimerQueue _timers;
    private readonly ReactorSynchronizationContext _synchronizationContext;

    // Lifecycle flags, as in Twisted: _stopped is true between Stop() and the next Run().
    private bool _started;
    private bool _stopped = true;
    private bool _justStopped;
    private bool _startedBefore;
    private bool _running;
    private bool _installSignalHandlers;
    private Thread? _reactorThread;
    private volatile bool _disposed;

    /// <summary>Creates a reactor that logs to <paramref name="logger"/> (nothing is logged when null).</summary>
    protected ReactorBase(ILogger? logger)
    {
        Logger = logger ?? NullLogger.Instance;
        _timers = new TimerQueue(this);
        _synchronizationContext = new ReactorSynchronizationContext(this);
        AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Startup, ReallyStartRunning);
        AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, Crash);
        AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, DisconnectAll);
    }

    /// <summary>Where callback exceptions, signals and slow callbacks are reported.</summary>
    protected ILogger Logger { get; }

    /// <inheritdoc/>
    public bool Running => _running;

    /// <summary>The thread running the reactor, or null when it is not inside <see cref="Run"/>.</summary>
    public Thread? ReactorThread => _reactorThread;

    /// <summary>True when the calling thread is the one running the reactor.</summary>
    public bool IsReactorThread => _reactorThread == Thread.CurrentThread;

    /// <summary>The synchronization context installed on the reactor thread during <see cref="Run"/>;
    /// its Post goes through <see cref="CallFromThread"/>.</summary>
    public SynchronizationContext LoopContext => _synchronizationContext;

    /// <inheritdoc/>
    public void Run(bool installSignalHandlers = true)
    {
        ThrowIfDisposed();
        CheckThread();
        if (_started)
        {
            throw new ReactorAlreadyRunningException();
        }

        if (_startedBefore)
        {
            throw new ReactorNotRestartableException();
        }

        var previousContext = SynchronizationContext.Current;
        _reactorThread = Thread.CurrentThread;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        _installSignalHandlers = installSignalHandlers;
        _stopRequestedBySignal = false;
        try
        {
            _started = true;
            _stopped = false;
            FireSystemEvent(SystemEvents.Startup);
            MainLoop();
        }
        finally
        {
            UninstallSignalHandlers();
            SynchronizationContext.SetSynchronizationContext(previousContext);
            _reactorThread = null;
            if (_startedBefore)
            {
                // Stopped (not crashed): it can never run again, so queued thread calls never will.
                MarkEnded();
            }
        }
    }

    /// <inheritdoc/>
    public void Stop()
    {
        CheckThread();
        if (_stopped)
        {
            throw new ReactorNotRunningException();
        }

        _stopped = true;
        _justStopped = true;
        _startedBefore = true;
    }

    /// <inheritdoc/>
    public void Crash()
    {
        CheckThread();
        _started = false;
        _running = false;
        AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Startup, ReallyStartRunning);
    }

    /// <summary>
    /// Runs one loop iteration: due thread calls and timers, then waits at most
    /// <paramref name="delay"/> for I/O (Twisted's <c>iterate</c>). Meant for tests and for
    /// driving a reactor that is not inside <see cref="Run"/>.
    /// </summary>
    /// <exception cref="NotOnReactorThreadException">The reactor runs on another thread.</exception>
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    public void Iterate(TimeSpan delay = default)
    {
        ThrowIfDisposed();
        CheckThread();
        RunUntilCurrent();
        double seconds = Math.Max(0.0, delay.TotalSeconds);
        if (seconds != 0.0 && PrepareToBlock())
        {
            seconds = 0.0;
        }

        DoIteration(seconds);
    }

    /// <summary>
    /// Waits for I/O (or for a <see cref="WakeUp"/>) at most <paramref name="timeoutSeconds"/>
    /// seconds (forever when null, not at all when 0), then dispatches whatever became ready.
    /// </summary>
    protected abstract void DoIteration(double? timeoutSeconds);

    /// <summary>Makes a <see cref="DoIteration"/> in progress (or the next one) return promptly.
    /// Must be safe to call from any thread.</summary>
    protected abstract void WakeUp();

    /// <summary>The longest <see cref="DoIteration"/> may wait given the timers' deadline
    /// <paramref name="timeoutSeconds"/>; a subclass that must poll shortens it.</summary>
    protected virtual double? AdjustTimeout(double? timeoutSeconds) => timeoutSeconds;

    /// <summary>Called "during shutdown": disconnects every descriptor. Does nothing in the base.</summary>
    protected virtual void DisconnectAll()
    {
    }

    /// <summary>Throws <see cref="NotOnReactorThreadException"/> when the reactor is running on another thread.</summary>
    /// <exception cref="NotOnReactorThreadException">The reactor runs on a thread other than the caller's.</exception>
    protected internal void CheckThread()
    {
        var owner = _reactorThread;
        if (owner is not null && owner != Thread.CurrentThread)
        {
            throw new NotOnReactorThreadException(
                $"This reactor method was called on thread {Environment.CurrentManagedThreadId} " +
                $"('{Thread.CurrentThread.Name}') but the reactor runs on thread {owner.ManagedThreadId} " +
                $"('{owner.Name}'). Only CallFromThread may be used from other threads.");
        }
    }

    private void ReallyStartRunning()
    {
        _running = true;
        if (_installSignalHandlers)
        {
            InstallSignalHandlers();
        }
    }

    /// <summary>
    /// The most loop turns in a row that may skip polling for I/O because work (a due timer or a
    /// pending thread call) is already waiting; the next one polls with a zero timeout. Like Tokio's
    /// <c>event_interval</c> (also 61), it bounds how long ready I/O can wait behind a busy loop.
    /// </summary>
    internal const int MaxTurnsWithoutPolling = 61;

    /// <summary>The longest a busy loop may go without polling for I/O (1 ms), whatever the turn count.</summary>
    internal const double MaxSecondsWithoutPolling = 0.001;

    private void MainLoop()
    {
        // At most one clock read per turn, taken after the turn's callbacks: it both computes the
        // wait and, when the turn makes no system call, serves as "now" for the next turn's due
        // timers. A turn that ends with a timer already due by the latest reading (typically one
        // a CallLater took during the turn, which is how a chain of next-turn calls runs) reads no
        // clock at all: that reading is the next turn's "now". Every "now" is thus a real reading,
        // never later than the true time, so timers never run early and run in (time, sequence)
        // order as before; one due between the reading and the true time waits one more turn.
        double now = ReadClock();
        double lastPoll = now;
        int turnsWithoutPolling = 0;
        while (_started)
        {
            try
            {
                while (_started)
                {
                    RunUntilCurrent(now);
                    if (_disposed)
                    {
                        // Disposed by a callback (which crashed the reactor): its descriptors are closed.
                        return;
                    }

                    double latest = _latestReading;
                    if (turnsWithoutPolling < MaxTurnsWithoutPolling && latest - lastPoll < MaxSecondsWithoutPolling && _timers.HasDue(latest))
                    {
                        // A timer is due by a reading taken during the turn: go round with that
                        // reading as "now", without a clock read or a system call.
                        now = latest;
                        turnsWithoutPolling++;
                        continue;
                    }

                    now = ReadClock();
                    double? timeout = _running ? AdjustTimeout(_timers.Timeout(now)) : 0.0;
                    bool workWaiting = timeout == 0.0;
                    if (HasPendingThreadCalls)
                    {
                        timeout = 0.0;

                        // Calls queued by the reactor thread itself (e.g. await continuations) are
                        // work waiting. Calls from other threads arrive like I/O events and keep
                        // the zero-timeout poll per turn they always had.
                        workWaiting |= !HasThreadCallsFromOtherThreads;
                    }

                    if (workWaiting && turnsWithoutPolling < MaxTurnsWithoutPolling && now - lastPoll < MaxSecondsWithoutPolling)
                    {
                        // Work is already waiting: go round without a system call (I/O is polled
                        // at least every MaxTurnsWithoutPolling turns and every millisecond).
                        turnsWithoutPolling++;
                        continue;
                    }

                    if (timeout != 0.0 && PrepareToBlock())
                    {
                        timeout = 0.0;
                    }

                    DoIteration(timeout);
                    turnsWithoutPolling = 0;
                    now = ReadClock();
                    lastPoll = now;
                }
            }
            catch (Exception e)
            {
                Logger.LogError(e, "Unexpected error in main loop.");
                now = ReadClock();
            }
        }
    }

    /// <summary>Runs the queued thread calls and the due delayed calls, then fires "shutdown" if a stop was requested.</summary>
    private void RunUntilCurrent() => RunUntilCurrent(ReadClock());

    /// <summary><see cref="RunUntilCurrent()"/> with the turn's time <paramref name="now"/> already read.</summary>
    private void RunUntilCurrent(double now)
    {
        RunThreadCalls();
        _timers.RunDue(now);
        if (_justStopped)
        {
            _justStopped = false;
            FireSystemEvent(SystemEvents.Shutdown);
        }
    }

    /// <summary>
    /// Releases the operating-system resources (descriptors, wakers) of the reactor and stops its
    /// thread pool. Disposing a running reactor (from a callback) crashes it first: the loop ends
    /// without shutdown triggers.
    /// </summary>
    /// <exception cref="NotOnReactorThreadException">The reactor is running on another thread.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CheckThread();
        if (_started)
        {
            Crash();
        }

        _disposed = true;
        MarkEnded();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; a subclass closes its descriptors here.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        CloseTcpForDispose();
        _threadPool?.Stop();
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the reactor was disposed.</summary>
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
