using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    private static readonly double SecondsPerTick = 1.0 / Stopwatch.Frequency;

    /// <summary>
    /// Monotonic seconds (<see cref="Stopwatch"/>): unaffected by wall-clock changes. Only
    /// differences between readings are meaningful.
    /// </summary>
    public double Seconds() => Stopwatch.GetTimestamp() * SecondsPerTick;

    /// <summary>
    /// The latest clock reading taken on the loop's behalf: by the loop itself, by
    /// <see cref="ScheduleCall(TimeSpan, Action)"/> and its state-passing form, and by
    /// <see cref="DelayedCall.Reset"/>. Each is a real reading, so a turn may use the latest as its
    /// "now" instead of reading the clock again (see <see cref="MainLoop"/>).
    /// </summary>
    private double _latestReading;

    /// <summary>Reads the clock on the reactor thread and remembers the reading as <see cref="_latestReading"/>.</summary>
    internal double ReadClock() => _latestReading = Seconds();

    /// <inheritdoc/>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's; use <see cref="CallFromThread"/>.</exception>
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    public IDelayedCall CallLater(TimeSpan delay, Action callable) => ScheduleCall(delay, callable);

    /// <summary>
    /// Like <see cref="CallLater"/>, returning the concrete <see cref="DelayedCall"/> (which adds
    /// <see cref="DelayedCall.Called"/>, <see cref="DelayedCall.Cancelled"/> and Twisted's <c>ToString</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    /// <exception cref="ObjectDisposedException">The reactor was disposed.</exception>
    public DelayedCall ScheduleCall(TimeSpan delay, Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        ThrowIfDisposed();
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "CallLater needs a delay of zero or more.");
        }

        CheckThread();
        return _timers.Schedule(ReadClock() + delay.TotalSeconds, callable);
    }

    /// <summary>
    /// Schedules <c>callable(state)</c> to run once, <paramref name="delay"/> from now: the
    /// state-passing form of <see cref="CallLater(TimeSpan, Action)"/>, which allocates only the
    /// returned delayed call when <paramref name="callable"/> is a cached (e.g. static) lambda.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to <paramref name="callable"/>.</typeparam>
    /// <param name="delay">How long to wait; <see cref="TimeSpan.Zero"/> means "on the next turn".</param>
    /// <param name="callable">What to run. An exception it throws is logged; the loop goes on.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <returns>A handle that can cancel, reset or delay the call.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public IDelayedCall CallLater<TState>(TimeSpan delay, Action<TState> callable, TState state) => ScheduleCall(delay, callable, state);

    /// <summary>
    /// Like <see cref="CallLater{TState}(TimeSpan, Action{TState}, TState)"/>, returning the concrete
    /// <see cref="DelayedCall"/>.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to <paramref name="callable"/>.</typeparam>
    /// <param name="delay">How long to wait.</param>
    /// <param name="callable">What to run.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public DelayedCall ScheduleCall<TState>(TimeSpan delay, Action<TState> callable, TState state)
    {
        ArgumentNullException.ThrowIfNull(callable);
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "CallLater needs a delay of zero or more.");
        }

        CheckThread();
        return _timers.Schedule(ReadClock() + delay.TotalSeconds, callable, state);
    }

    /// <inheritdoc/>
    public IReadOnlyList<IDelayedCall> GetDelayedCalls()
    {
        CheckThread();
        return _timers.ActiveCalls();
    }

    internal void RunDelayedCall(DelayedCall call)
    {
        long start = SlowCallbackStart();
        try
        {
            call.Invoke();
        }
        catch (Exception e)
        {
            if (call.CreationTrace is { } trace)
            {
                Logger.LogError(e, "Unhandled exception in delayed call {Callback}.\n C: previous exception occurred in a DelayedCall created here:\n{Trace}",
                    Torsion.Reactors.CallbackNames.Describe(call.Func), trace);
            }
            else
            {
                Logger.LogError(e, "Unhandled exception in delayed call {Callback}.", Torsion.Reactors.CallbackNames.Describe(call.Func));
            }
        }

        SlowCallbackEnd(start, call.Func);
    }
}
