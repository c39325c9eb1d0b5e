using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Torsion;

/// <summary>
/// A cooperative scheduler: runs many iterators a little at a time, round-robin, on a reactor, so that
/// long computations do not block it (Twisted's <c>task.Cooperator</c>).
/// </summary>
/// <remarks>
/// <para>
/// Each iterator added with <see cref="Cooperate(IEnumerator{object})"/> or
/// <see cref="CoIterate(IEnumerator{object}, Deferred{IEnumerator{object}})"/> becomes a
/// <see cref="CooperativeTask"/>; each step of the iterator is one unit of work. A scheduler tick gives
/// one unit of work to each task in turn, again and again, until the termination predicate says the tick
/// has used its time (by default: after 10 ms of wall-clock time), then schedules the next tick. The
/// rotation resumes where the previous tick left off. When an iterator yields a <see cref="Deferred"/>, its
/// task pauses until that Deferred fires.
/// </para>
/// <para>
/// Several cooperators do not cooperate with each other; prefer the shared one for a clock,
/// <see cref="ForClock"/> (what <see cref="ReactorTimeExtensions.Cooperate(IReactorTime, IEnumerator{object})"/>
/// uses), unless you need your own termination predicate, scheduler or lifetime.
/// </para>
/// <para>
/// One deliberate difference from Twisted: <see cref="Stop"/> ends every task. (Twisted's
/// <c>Cooperator.stop</c> removes tasks from the list it is iterating, so it ends only every other task
/// and forgets the rest.)
/// </para>
/// <para>A cooperator must be used from its reactor's thread.</para>
/// </remarks>
public sealed class Cooperator
{
    /// <summary>The delay between scheduler ticks on a clock: the smallest a <see cref="TimeSpan"/> can express.</summary>
    private static readonly TimeSpan TickDelay = TimeSpan.FromTicks(1);

    private static readonly ConditionalWeakTable<IReactorTime, Cooperator> Shared = new();

    private readonly List<CooperativeTask> _tasks = new();
    private readonly Func<Func<bool>> _terminationPredicateFactory;
    private readonly Func<Action, IDelayedCall> _scheduler;
    private readonly Action _tickAction;
    private int _rotationIndex;
    private IDelayedCall? _delayedCall;
    private bool _stopped;
    private bool _started;
    private bool _mustScheduleOnStart;

    /// <summary>
    /// Creates a cooperator that schedules its ticks with <paramref name="scheduler"/> (Twisted's
    /// <c>Cooperator(terminationPredicateFactory, scheduler, started)</c>).
    /// </summary>
    /// <param name="terminationPredicateFactory">
    /// Called at the start of every tick; the predicate it returns is asked after each unit of work whether
    /// the tick should end. Null means the default: end the tick once 10 ms of wall-clock time have passed.
    /// </param>
    /// <param name="scheduler">
    /// Given the tick to run, arranges for it to run later and returns the handle that cancels it. Null
    /// means the default: the global reactor's <c>CallLater</c> with the smallest possible delay.
    /// </param>
    /// <param name="started">
    /// Whether tasks start running as soon as they are added; if false, nothing runs until <see cref="Start"/>.
    /// </param>
    public Cooperator(Func<Func<bool>>? terminationPredicateFactory = null, Func<Action, IDelayedCall>? scheduler = null, bool started = true)
    {
        _terminationPredicateFactory = terminationPredicateFactory ?? DefaultTerminationPredicate;
        _scheduler = scheduler ?? ScheduleOnGlobalReactor;
        _started = started;
        _tickAction = Tick;
    }

    /// <summary>
    /// Creates a cooperator whose ticks are scheduled on <paramref name="clock"/> with the smallest possible
    /// delay (100 ns).
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to schedule ticks on.</param>
    /// <param name="terminationPredicateFactory">As in the other constructor; null means "10 ms per tick".</param>
    /// <param name="started">Whether tasks start running as soon as they are added.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public Cooperator(IReactorTime clock, Func<Func<bool>>? terminationPredicateFactory = null, bool started = true)
        : this(terminationPredicateFactory, SchedulerFor(clock), started)
    {
    }

    /// <summary>
    /// True when the cooperator runs its tasks: it was started (by its constructor or <see cref="Start"/>)
    /// and not stopped since.
    /// </summary>
    public bool Running => _started && !_stopped;

    /// <summary>
    /// The cooperator shared by everything that cooperates on <paramref name="clock"/> (Twisted's global
    /// cooperator, per clock): created, started, on first use and kept for as long as the clock lives.
    /// </summary>
    /// <param name="clock">The reactor or clock.</param>
    /// <returns>The shared cooperator for <paramref name="clock"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public static Cooperator ForClock(IReactorTime clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Shared.GetValue(clock, static c => new Cooperator(c));
    }

    /// <summary>
    /// Starts running <paramref name="iterator"/> as a task of this cooperator (Twisted's <c>cooperate</c>).
    /// On a stopped cooperator the task ends at once with <see cref="SchedulerStoppedException"/>.
    /// </summary>
    /// <param name="iterator">The work: each <c>MoveNext</c> is one unit; a yielded Deferred pauses the task until it fires.</param>
    /// <returns>The task, to pause, resume, stop or wait for.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iterator"/> is null.</exception>
    public CooperativeTask Cooperate(IEnumerator<object?> iterator)
    {
        ArgumentNullException.ThrowIfNull(iterator);
        return new CooperativeTask(iterator, this);
    }

    /// <summary>
    /// Starts running the items of <paramref name="iterable"/> as a task: the same as
    /// <see cref="Cooperate(IEnumerator{object})"/> with <c>iterable.GetEnumerator()</c>.
    /// </summary>
    /// <param name="iterable">The work; typically an iterator method (<c>yield return</c>).</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iterable"/> is null.</exception>
    public CooperativeTask Cooperate(IEnumerable<object?> iterable)
    {
        ArgumentNullException.ThrowIfNull(iterable);
        return Cooperate(iterable.GetEnumerator());
    }

    /// <summary>
    /// Runs <paramref name="iterator"/> as a task and returns a Deferred for its end (Twisted's
    /// <c>coiterate</c>): it fires with the iterator when it runs out, or fails as
    /// <see cref="CooperativeTask.WhenDone"/> describes.
    /// </summary>
    /// <param name="iterator">The work.</param>
    /// <param name="doneDeferred">The Deferred to fire; null (recommended) creates a new one.</param>
    /// <returns><paramref name="doneDeferred"/>, or the new Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iterator"/> is null.</exception>
    public Deferred<IEnumerator<object?>> CoIterate(IEnumerator<object?> iterator, Deferred<IEnumerator<object?>>? doneDeferred = null)
    {
        ArgumentNullException.ThrowIfNull(iterator);
        doneDeferred ??= new Deferred<IEnumerator<object?>>();
        Cooperate(iterator).WhenDone().ChainDeferred(doneDeferred);
        return doneDeferred;
    }

    /// <summary>
    /// Runs the items of <paramref name="iterable"/> as a task and returns a Deferred for its end: the same
    /// as <see cref="CoIterate(IEnumerator{object}, Deferred{IEnumerator{object}})"/> with
    /// <c>iterable.GetEnumerator()</c>.
    /// </summary>
    /// <param name="iterable">The work.</param>
    /// <returns>A new Deferred that fires with the enumerator when the work is done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="iterable"/> is null.</exception>
    public Deferred<IEnumerator<object?>> CoIterate(IEnumerable<object?> iterable)
    {
        ArgumentNullException.ThrowIfNull(iterable);
        return CoIterate(iterable.GetEnumerator());
    }

    /// <summary>
    /// Starts (or, after <see cref="Stop"/>, restarts) scheduling ticks. Tasks added while the cooperator
    /// was not started begin running.
    /// </summary>
    public void Start()
    {
        _stopped = false;
        _started = true;
        if (_mustScheduleOnStart)
        {
            _mustScheduleOnStart = false;
            Reschedule();
        }
    }

    /// <summary>
    /// Stops scheduling ticks and ends every task in the rotation with
    /// <see cref="SchedulerStoppedException"/> (their <see cref="CooperativeTask.WhenDone"/> Deferreds
    /// fail with it). A paused task ends the same way when it is resumed, and so does any task added until
    /// <see cref="Start"/> is called again.
    /// </summary>
    /// <exception cref="Exception">
    /// What disposing a task's iterator threw (an <see cref="AggregateException"/> if several did); every
    /// task was ended all the same.
    /// </exception>
    public void Stop()
    {
        _stopped = true;
        CooperativeTask[] ending = _tasks.ToArray();
        _tasks.Clear();
        _rotationIndex = 0;
        List<Exception>? disposeErrors = null;
        foreach (CooperativeTask task in ending)
        {
            if (task.CompleteBecauseSchedulerStopped() is { } error)
            {
                (disposeErrors ??= new List<Exception>()).Add(error);
            }
        }

        if (_delayedCall is not null)
        {
            _delayedCall.Cancel();
            _delayedCall = null;
        }

        if (disposeErrors is { Count: 1 })
        {
            ExceptionDispatchInfo.Throw(disposeErrors[0]);
        }

        if (disposeErrors is not null)
        {
            throw new AggregateException("Disposing the iterators of stopped tasks failed.", disposeErrors);
        }
    }

    /// <summary>
    /// Adds a task to the end of the rotation, or ends it if the cooperator is stopped. If scheduling the
    /// tick throws, the task is not added and the exception propagates.
    /// </summary>
    internal void AddTask(CooperativeTask task)
    {
        if (_stopped)
        {
            if (task.CompleteBecauseSchedulerStopped() is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return;
        }

        _tasks.Add(task);
        try
        {
            Reschedule();
        }
        catch
        {
            // The scheduler refused (for example: no global reactor). Leave no task behind that
            // nothing will ever run.
            _tasks.Remove(task);
            throw;
        }
    }

    /// <summary>
    /// Takes a task out of the rotation; when no task is left, cancels the pending tick. The rotation
    /// position is kept as an index, as Twisted's list iterator keeps it.
    /// </summary>
    internal void RemoveTask(CooperativeTask task)
    {
        _tasks.Remove(task);
        if (_tasks.Count == 0 && _delayedCall is not null)
        {
            _delayedCall.Cancel();
            _delayedCall = null;
        }
    }

    private static Func<Action, IDelayedCall> SchedulerFor(IReactorTime clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return tick => clock.CallLater(TickDelay, tick);
    }

    private static IDelayedCall ScheduleOnGlobalReactor(Action tick)
        => DefaultReactorTime.Resolve(nameof(Cooperator)).CallLater(TickDelay, tick);

    private static Func<bool> DefaultTerminationPredicate()
    {
        long end = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        return () => Stopwatch.GetTimestamp() >= end;
    }

    /// <summary>
    /// One scheduler tick: one unit of work per task, round-robin, until the termination predicate is true
    /// or no task is left; then the next tick is scheduled (even if the predicate threw).
    /// </summary>
    private void Tick()
    {
        _delayedCall = null;
        try
        {
            Func<bool> terminator = _terminationPredicateFactory();
            while (_tasks.Count > 0)
            {
                while (_rotationIndex < _tasks.Count)
                {
                    CooperativeTask task = _tasks[_rotationIndex];
                    _rotationIndex++;
                    task.OneWorkUnit();
                    if (terminator())
                    {
                        return;
                    }
                }

                _rotationIndex = 0;
            }
        }
        finally
        {
            Reschedule();
        }
    }

    private void Reschedule()
    {
        if (!_started)
        {
            _mustScheduleOnStart = true;
            return;
        }

        if (_delayedCall is null && _tasks.Count > 0)
        {
            _delayedCall = _scheduler(_tickAction);
        }
    }
}
