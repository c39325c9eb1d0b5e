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
        return _timers.Schedule(Seconds() + delay.TotalSeconds, callable);
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
            call.Func();
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
