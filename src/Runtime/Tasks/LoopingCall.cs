using System;
using System.Globalization;

namespace Torsion;

/// <summary>
/// Calls a function repeatedly, every interval, on a clock (Twisted's <c>task.LoopingCall</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Start"/> begins the loop and returns a <see cref="Deferred{T}"/> that fires with this
/// <see cref="LoopingCall"/> when <see cref="Stop"/> ends the loop, or fails with the error when the
/// function throws (or returns a Deferred that fails): an error always ends the loop. Attach an errback
/// to that Deferred; a loop that dies unobserved is reported only as an "Unhandled error in Deferred"
/// when the Deferred is garbage collected.
/// </para>
/// <para>
/// Scheduling follows Twisted exactly. Each call is scheduled for the next interval boundary, counted
/// from the start time, that is still in the future when the previous call finishes: intervals missed
/// because the reactor was busy or the function was slow are skipped, never run in a burst (use
/// <see cref="WithCount(Action{int})"/> to learn how many were skipped). An interval of zero means "as
/// often as possible": each call is scheduled with a zero delay. When the function returns a
/// <see cref="Deferred"/>, the next call is not scheduled until that Deferred fires; its result is ignored.
/// </para>
/// <para>
/// Delays are handed to the clock as <see cref="TimeSpan"/>s, whose resolution is 100 ns: a delay that
/// would round to zero while the interval is not zero is replaced by a whole interval (the tick-sized
/// version of Twisted's "effectively zero" rule), so a loop with a non-zero interval never runs twice at
/// the same instant.
/// </para>
/// <para>
/// Like everything that uses a reactor, a <see cref="LoopingCall"/> must be used from the reactor's
/// thread (any single thread, for a <see cref="Torsion.Testing.Clock"/>).
/// </para>
/// </remarks>
public sealed class LoopingCall
{
    private readonly Delegate _described;
    private readonly Action _runAction;
    private Func<object?> _function;
    private IReactorTime? _clock;
    private IDelayedCall? _call;
    private Deferred<LoopingCall>? _deferred;
    private TimeSpan? _interval;
    private double _intervalSeconds;
    private double? _startTime;
    private bool _runAtStart;

    /// <summary>An iteration is in progress: the function runs, or the Deferred it returned has not fired.</summary>
    private bool _iterating;

    /// <summary>The Start Deferred of the loop the iteration in progress belongs to.</summary>
    private Deferred<LoopingCall>? _iterationOwner;

    /// <summary>Start was called (after Stop) during an iteration: the new loop begins when it finishes.</summary>
    private bool _startPending;
    private double? _realLastTime;

    /// <summary>Creates a loop that calls <paramref name="callable"/>; the clock is the global reactor.</summary>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    public LoopingCall(Action callable)
        : this(NotNull(callable), () =>
        {
            callable();
            return null;
        })
    {
    }

    /// <summary>
    /// Creates a loop that calls <paramref name="callable"/>; the clock is the global reactor. If the
    /// function returns a <see cref="Deferred"/>, the next call waits until it fires; any other result
    /// is ignored.
    /// </summary>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    public LoopingCall(Func<object?> callable)
        : this(NotNull(callable), callable)
    {
    }

    /// <summary>
    /// Creates a loop that calls <paramref name="callable"/> and waits for the <see cref="Deferred"/> it
    /// returns before scheduling the next call; the clock is the global reactor.
    /// </summary>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    public LoopingCall(Func<Deferred> callable)
        : this(NotNull(callable), () => callable())
    {
    }

    /// <summary>Creates a loop that calls <paramref name="callable"/> on <paramref name="clock"/>.</summary>
    /// <param name="clock">The clock (a reactor, or a <see cref="Torsion.Testing.Clock"/>) to schedule on.</param>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public LoopingCall(IReactorTime clock, Action callable)
        : this(callable)
    {
        Clock = clock;
    }

    /// <summary>
    /// Creates a loop that calls <paramref name="callable"/> on <paramref name="clock"/>, waiting for a
    /// returned <see cref="Deferred"/> before scheduling the next call.
    /// </summary>
    /// <param name="clock">The clock (a reactor, or a <see cref="Torsion.Testing.Clock"/>) to schedule on.</param>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public LoopingCall(IReactorTime clock, Func<object?> callable)
        : this(callable)
    {
        Clock = clock;
    }

    /// <summary>
    /// Creates a loop that calls <paramref name="callable"/> on <paramref name="clock"/> and waits for
    /// the <see cref="Deferred"/> it returns before scheduling the next call.
    /// </summary>
    /// <param name="clock">The clock (a reactor, or a <see cref="Torsion.Testing.Clock"/>) to schedule on.</param>
    /// <param name="callable">The function to call on every iteration.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public LoopingCall(IReactorTime clock, Func<Deferred> callable)
        : this(callable)
    {
        Clock = clock;
    }

    private LoopingCall(Delegate described, Func<object?> function)
    {
        _described = described;
        _function = function;
        _runAction = Run;
    }

    /// <summary>
    /// The clock the loop schedules its calls on. Unless set (by a constructor or this setter), it is
    /// the global reactor, looked up the first time it is needed. Set it before <see cref="Start"/>;
    /// changing it while the loop runs affects only the calls scheduled afterwards.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value being set is null.</exception>
    /// <exception cref="InvalidOperationException">Reading it when it was never set and there is no global reactor.</exception>
    public IReactorTime Clock
    {
        get => _clock ??= DefaultReactorTime.Resolve(nameof(LoopingCall));
        set => _clock = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// True from <see cref="Start"/> until <see cref="Stop"/> is called or an iteration fails. It is
    /// already false when the Deferred returned by <see cref="Start"/> fires.
    /// </summary>
    public bool Running { get; private set; }

    /// <summary>
    /// The time between calls: the interval given to the last <see cref="Start"/>, or null if the loop was
    /// never started. As in Twisted it may be changed while the loop runs; the change applies from the
    /// next time a call is scheduled, with boundaries still counted from the start time.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value being set is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value being set is negative.</exception>
    public TimeSpan? Interval
    {
        get => _interval;
        set
        {
            if (value is not TimeSpan interval)
            {
                throw new ArgumentNullException(nameof(value), "A LoopingCall's interval cannot be set to null.");
            }

            if (interval < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), interval, "interval must be >= 0");
            }

            _interval = interval;
            _intervalSeconds = interval.TotalSeconds;
        }
    }

    /// <summary>
    /// Creates a loop that passes <paramref name="countCallable"/> the number of intervals that have
    /// elapsed since it was last called (Twisted's <c>LoopingCall.withCount</c>). The count is normally 1;
    /// it is larger when iterations were skipped because the reactor was blocked, the function was slow,
    /// or a Deferred it returned took longer than an interval. It is never 0: if no interval boundary has
    /// passed since the last call, the function is not called. With an interval of zero it is always 1.
    /// Counts beyond <see cref="int.MaxValue"/> are reported as <see cref="int.MaxValue"/>. The clock is
    /// the global reactor unless <see cref="Clock"/> is set.
    /// </summary>
    /// <param name="countCallable">The function to call with the count.</param>
    /// <returns>The new, not yet started loop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="countCallable"/> is null.</exception>
    public static LoopingCall WithCount(Action<int> countCallable)
    {
        ArgumentNullException.ThrowIfNull(countCallable);
        return WithCount(countCallable, count =>
        {
            countCallable(count);
            return null;
        });
    }

    /// <summary>
    /// Like <see cref="WithCount(Action{int})"/>, for a function whose result may be a
    /// <see cref="Deferred"/> that the loop waits for.
    /// </summary>
    /// <param name="countCallable">The function to call with the count.</param>
    /// <returns>The new, not yet started loop.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="countCallable"/> is null.</exception>
    public static LoopingCall WithCount(Func<int, object?> countCallable)
    {
        ArgumentNullException.ThrowIfNull(countCallable);
        return WithCount(countCallable, countCallable);
    }

    /// <summary>
    /// Like <see cref="WithCount(Action{int})"/>, scheduling on <paramref name="clock"/>.
    /// </summary>
    /// <param name="clock">The clock to schedule on.</param>
    /// <param name="countCallable">The function to call with the count.</param>
    /// <returns>The new, not yet started loop.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LoopingCall WithCount(IReactorTime clock, Action<int> countCallable)
    {
        ArgumentNullException.ThrowIfNull(clock);
        LoopingCall loop = WithCount(countCallable);
        loop.Clock = clock;
        return loop;
    }

    /// <summary>
    /// Like <see cref="WithCount(Func{int, object})"/>, scheduling on <paramref name="clock"/>.
    /// </summary>
    /// <param name="clock">The clock to schedule on.</param>
    /// <param name="countCallable">The function to call with the count.</param>
    /// <returns>The new, not yet started loop.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LoopingCall WithCount(IReactorTime clock, Func<int, object?> countCallable)
    {
        ArgumentNullException.ThrowIfNull(clock);
        LoopingCall loop = WithCount(countCallable);
        loop.Clock = clock;
        return loop;
    }

    /// <summary>
    /// Starts calling the function every <paramref name="interval"/>. With <paramref name="now"/> true
    /// (the default) the first call happens synchronously, inside this method; otherwise it happens one
    /// interval from now.
    /// </summary>
    /// <param name="interval">The time between calls; zero means "as often as possible".</param>
    /// <param name="now">Whether to make the first call immediately.</param>
    /// <returns>
    /// A Deferred that fires with this <see cref="LoopingCall"/> when <see cref="Stop"/> is called (after
    /// any iteration in progress finishes), or fails with the error that ended the loop. If the first,
    /// immediate call fails, the Deferred is returned already failed.
    /// </returns>
    /// <exception cref="InvalidOperationException">The loop is already running ("Tried to start an already running LoopingCall."), or no clock was set and there is no global reactor.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is negative ("interval must be >= 0").</exception>
    public Deferred<LoopingCall> Start(TimeSpan interval, bool now = true)
    {
        if (Running)
        {
            throw new InvalidOperationException("Tried to start an already running LoopingCall.");
        }

        if (interval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "interval must be >= 0");
        }

        IReactorTime clock = Clock;
        var deferred = new Deferred<LoopingCall>();
        Running = true;
        _deferred = deferred;
        _startTime = clock.Seconds();
        _interval = interval;
        _intervalSeconds = interval.TotalSeconds;
        _runAtStart = now;
        if (_iterating)
        {
            // Stopped and restarted from inside the function (or while its Deferred is pending):
            // the old loop ends when this iteration finishes, and the new one begins then. Never
            // two loops at once, never the function inside itself.
            _startPending = true;
            return deferred;
        }

        if (now)
        {
            Run();
        }
        else
        {
            try
            {
                ScheduleFrom(_startTime.Value);
            }
            catch
            {
                Running = false;
                _deferred = null;
                throw;
            }
        }

        return deferred;
    }

    /// <summary>
    /// Stops the loop. If no iteration is in progress, the pending call is cancelled and the Deferred
    /// returned by <see cref="Start"/> fires with this <see cref="LoopingCall"/> now; if the function (or a
    /// Deferred it returned) is still running, the Deferred fires when it finishes, and no further call is
    /// scheduled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is not running ("Tried to stop a LoopingCall that was not running.").</exception>
    public void Stop()
    {
        if (!Running)
        {
            throw new InvalidOperationException("Tried to stop a LoopingCall that was not running.");
        }

        Running = false;
        if (_startPending)
        {
            // A loop started during an iteration and stopped before it began: it ends now.
            _startPending = false;
            Deferred<LoopingCall> pending = _deferred!;
            _deferred = null;
            pending.Callback(this);
            return;
        }

        if (_call is not null)
        {
            _call.Cancel();
            _call = null;
            Deferred<LoopingCall> deferred = _deferred!;
            _deferred = null;
            deferred.Callback(this);
        }
    }

    /// <summary>
    /// Skips the next iteration and restarts the interval from now: the next call happens one full
    /// interval after this call (Twisted's <c>reset</c>). Does nothing while an iteration is in progress.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is not running ("Tried to reset a LoopingCall that was not running.").</exception>
    public void Reset()
    {
        if (!Running)
        {
            throw new InvalidOperationException("Tried to reset a LoopingCall that was not running.");
        }

        if (_call is not null)
        {
            _call.Cancel();
            _call = null;
            _startTime = Clock.Seconds();
            ScheduleFrom(_startTime.Value);
        }
    }

    /// <summary>
    /// Describes the loop like Twisted's <c>repr</c>: <c>LoopingCall&lt;3.0&gt;(Program.Foo)</c>, with the
    /// interval in seconds (<c>None</c> before the first start) and the function's declaring type and name.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string interval = _interval is null ? "None" : FormatSeconds(_interval.Value.TotalSeconds);
        var method = _described.Method;
        string function = method.DeclaringType is null ? method.Name : method.DeclaringType.Name + "." + method.Name;
        return "LoopingCall<" + interval + ">(" + function + ")";
    }

    private static LoopingCall WithCount(Delegate described, Func<int, object?> countCallable)
    {
        var loop = new LoopingCall(described, static () => null);
        loop._function = () => loop.CallWithCount(countCallable);
        return loop;
    }

    private static T NotNull<T>(T value)
        where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(value, "callable");
        return value;
    }

    private static string FormatSeconds(double seconds)
    {
        string text = seconds.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>Python's float modulo for a positive divisor: the result is never negative.</summary>
    private static double PositiveModulo(double value, double divisor)
    {
        double remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }

    private object? CallWithCount(Func<int, object?> countCallable)
    {
        double now = Clock.Seconds();
        if (_intervalSeconds == 0)
        {
            _realLastTime = now;
            return countCallable(1);
        }

        double lastTime;
        if (_realLastTime is double realLast)
        {
            lastTime = realLast;
        }
        else
        {
            lastTime = _startTime!.Value;
            if (_runAtStart)
            {
                lastTime -= _intervalSeconds;
            }
        }

        long count = IntervalOf(now) - IntervalOf(lastTime);
        if (count > 0)
        {
            _realLastTime = now;
            return countCallable(count > int.MaxValue ? int.MaxValue : (int)count);
        }

        return null;
    }

    /// <summary>How many whole intervals have passed between the start time and <paramref name="time"/> (truncated toward zero, as Python's <c>int()</c>).</summary>
    private long IntervalOf(double time)
    {
        double intervals = (time - _startTime!.Value) / _intervalSeconds;
        if (intervals >= long.MaxValue)
        {
            return long.MaxValue;
        }

        return intervals <= long.MinValue ? long.MinValue : (long)intervals;
    }

    /// <summary>One iteration: call the function, then schedule the next one or end the loop.</summary>
    private void Run()
    {
        _call = null;
        _iterating = true;
        _iterationOwner = _deferred;
        object? result;
        try
        {
            result = _function();
        }
        catch (Exception error)
        {
            FailLoop(error);
            return;
        }

        if (result is Deferred pending)
        {
            // As Twisted's maybeDeferred(f).addCallback(cb).addErrback(eb): the errback also sees a
            // failure of the callback itself. (On a typed Deferred the untyped members continue the
            // chain under a new handle, so the second call goes to the handle the first returned.)
            pending.AddCallback(AfterDeferredIteration).AddErrback(AfterFailedIteration);
            return;
        }

        if (result is Failure failure)
        {
            FailLoop(failure);
            return;
        }

        try
        {
            Continue();
        }
        catch (Exception error)
        {
            FailLoop(error);
        }
    }

    private object? AfterDeferredIteration(object? ignored)
    {
        Continue();
        return null;
    }

    private object? AfterFailedIteration(Failure failure)
    {
        FailLoop(failure);
        return null;
    }

    /// <summary>After a successful iteration: schedule the next one, or fire the start Deferred if stopped meanwhile.</summary>
    private void Continue()
    {
        if (EndIteration() is { } stoppedLoop)
        {
            stoppedLoop.Callback(this);
            BeginPendingLoop();
            return;
        }

        if (Running)
        {
            ScheduleFrom(Clock.Seconds());
        }
        else
        {
            Deferred<LoopingCall> deferred = _deferred!;
            _deferred = null;
            deferred.Callback(this);
        }
    }

    private void FailLoop(Exception error)
    {
        if (EndIteration() is { } stoppedLoop)
        {
            // The failure belongs to the iteration, so to the loop it ran for; the new loop goes on.
            stoppedLoop.Errback(error);
            BeginPendingLoop();
            return;
        }

        Running = false;
        Deferred<LoopingCall> deferred = _deferred!;
        _deferred = null;
        deferred.Errback(error);
    }

    private void FailLoop(Failure failure)
    {
        if (EndIteration() is { } stoppedLoop)
        {
            stoppedLoop.Errback(failure);
            BeginPendingLoop();
            return;
        }

        Running = false;
        Deferred<LoopingCall> deferred = _deferred!;
        _deferred = null;
        deferred.Errback(failure);
    }

    /// <summary>
    /// Marks the iteration finished. Returns the Start Deferred of the loop it ran for when that loop
    /// was stopped and a new one started during the iteration (the caller ends the old loop), else null.
    /// </summary>
    private Deferred<LoopingCall>? EndIteration()
    {
        Deferred<LoopingCall>? owner = _iterationOwner;
        _iterating = false;
        _iterationOwner = null;
        return owner is not null && !ReferenceEquals(owner, _deferred) ? owner : null;
    }

    /// <summary>
    /// How many calls in a row a zero-interval loop may make at one instant of a clock that is not a
    /// reactor (see <see cref="CheckZeroIntervalProgress"/>).
    /// </summary>
    internal const int MaxZeroIntervalCallsPerInstant = 10_000;

    private double _zeroIntervalInstant = double.NaN;
    private int _zeroIntervalCalls;

    /// <summary>
    /// A reactor runs a call scheduled by a running call on its next iteration, so a zero-interval
    /// loop runs once per reactor turn. A clock that runs every due call at once (the test
    /// <c>Clock</c>, like Twisted's) runs it again within the same <c>Advance</c>; that is kept, but a
    /// loop that never stops would never let <c>Advance</c> return: after
    /// <see cref="MaxZeroIntervalCallsPerInstant"/> calls at one instant the loop fails instead.
    /// </summary>
    private void CheckZeroIntervalProgress()
    {
        IReactorTime clock = Clock;
        if (clock is ReactorBase)
        {
            return;
        }

        double now = clock.Seconds();
        if (now != _zeroIntervalInstant)
        {
            _zeroIntervalInstant = now;
            _zeroIntervalCalls = 0;
        }

        if (++_zeroIntervalCalls > MaxZeroIntervalCallsPerInstant)
        {
            _zeroIntervalCalls = 0;
            throw new InvalidOperationException(
                "A LoopingCall with interval 0 ran " + MaxZeroIntervalCallsPerInstant.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + " times at one instant of " + clock.GetType().Name + ", which runs every due call at once: it would never let the clock advance. Stop it from its function, or give it an interval.");
        }
    }

    /// <summary>Begins the loop started during the last iteration, unless it was stopped meanwhile.</summary>
    private void BeginPendingLoop()
    {
        if (!_startPending)
        {
            return;
        }

        _startPending = false;
        _startTime = Clock.Seconds();
        if (_runAtStart)
        {
            Run();
        }
        else
        {
            try
            {
                ScheduleFrom(_startTime.Value);
            }
            catch (Exception error)
            {
                FailLoop(error);
            }
        }
    }

    /// <summary>Schedules the next iteration for the next interval boundary after <paramref name="when"/>.</summary>
    private void ScheduleFrom(double when)
    {
        long delayTicks;
        if (_intervalSeconds == 0)
        {
            delayTicks = 0;
            CheckZeroIntervalProgress();
        }
        else
        {
            double runningFor = when - _startTime!.Value;
            double untilNextInterval = _intervalSeconds - PositiveModulo(runningFor, _intervalSeconds);
            double delaySeconds = when == when + untilNextInterval ? _intervalSeconds : untilNextInterval;
            long intervalTicks = _interval!.Value.Ticks;
            double roundedTicks = Math.Round(delaySeconds * TimeSpan.TicksPerSecond);

            // Never zero (see the remarks), never more than an interval (only rounding could make it so).
            delayTicks = roundedTicks <= 0 || roundedTicks >= intervalTicks ? intervalTicks : (long)roundedTicks;
        }

        _call = Clock.CallLater(TimeSpan.FromTicks(delayTicks), _runAction);
    }
}
