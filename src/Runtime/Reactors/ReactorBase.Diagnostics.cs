using System;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    private long _slowThresholdTicks;

    /// <summary>
    /// Debug mode: when set, any callback (delayed call, thread call, system event trigger, or a
    /// descriptor's DoRead/DoWrite) that keeps the reactor busy longer than this is reported,
    /// naming the callback, as a warning in the log and through <see cref="SlowCallback"/>
    /// (asyncio's slow-callback warning). Null (the default) turns the monitor off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan? SlowCallbackThreshold
    {
        get => _slowThresholdTicks == 0 ? null : TimeSpan.FromSeconds(_slowThresholdTicks * SecondsPerTick);
        set
        {
            if (value is { } threshold && threshold <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The slow-callback threshold must be positive.");
            }

            _slowThresholdTicks = value is null ? 0 : Math.Max(1, (long)(value.Value.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>Raised on the reactor thread after a callback ran longer than <see cref="SlowCallbackThreshold"/>.</summary>
    public event EventHandler<SlowCallbackEventArgs>? SlowCallback;

    private long SlowCallbackStart() => _slowThresholdTicks == 0 ? 0 : Stopwatch.GetTimestamp();

    private void SlowCallbackEnd(long start, Delegate callback)
    {
        if (start != 0)
        {
            ReportSlowCallback(start, callback);
        }
    }

    // Separate so that the closure is allocated only when measuring, not on every call of SlowCallbackEnd.
    private void ReportSlowCallback(long start, Delegate callback) =>
        ReportIfSlow(start, () => Torsion.Reactors.CallbackNames.Describe(callback));

    /// <summary>Reports a callback that started at <paramref name="start"/> if it ran too long.</summary>
    private protected void ReportIfSlow(long start, Func<string> describe)
    {
        long elapsed = Stopwatch.GetTimestamp() - start;
        if (_slowThresholdTicks == 0 || elapsed < _slowThresholdTicks)
        {
            return;
        }

        var duration = TimeSpan.FromSeconds(elapsed * SecondsPerTick);
        string name = describe();
        Logger.LogWarning("Slow callback: {Callback} kept the reactor busy for {Milliseconds:F1} ms.", name, duration.TotalMilliseconds);
        try
        {
            SlowCallback?.Invoke(this, new SlowCallbackEventArgs(name, duration));
        }
        catch (Exception e)
        {
            Logger.LogError(e, "A SlowCallback handler threw.");
        }
    }

    /// <summary>Starts timing a callback for the slow-callback monitor (0 when it is off).</summary>
    private protected long SlowCallbackTimestamp() => SlowCallbackStart();
}
