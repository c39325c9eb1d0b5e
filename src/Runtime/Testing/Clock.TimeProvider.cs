using System;
using System.Threading;

namespace Torsion.Testing;

// The Clock as a TimeProvider (what FakeTimeProvider is to .NET code): code that takes a TimeProvider runs on
// the clock's time, and Advance drives its timers.
public sealed partial class Clock : ITimerLoop
{
    /// <summary>The UTC time of a new clock unless another is given: 2000-01-01 00:00:00 UTC (as <c>FakeTimeProvider</c>).</summary>
    public static readonly DateTimeOffset DefaultUtcStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _utcStart = DefaultUtcStart;

    /// <summary>Creates a clock at time 0, whose <see cref="GetUtcNow"/> starts at <paramref name="utcStart"/>.</summary>
    /// <param name="utcStart">The UTC time at the clock's zero.</param>
    public Clock(DateTimeOffset utcStart)
    {
        _utcStart = utcStart;
    }

    /// <summary>The frequency of <see cref="GetTimestamp"/>: <see cref="TimeSpan.TicksPerSecond"/> (100 ns ticks).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The time zone <see cref="TimeProvider.GetLocalNow"/> uses: UTC, so tests do not depend on the machine.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    long ITimerLoop.NowTicks => NowTicks;

    /// <inheritdoc/>
    bool ITimerLoop.IsOnLoopThread => true;

    /// <summary>The clock's time in 100 ns ticks since its zero: 0 for a new clock, then moved only by <c>Advance</c>.</summary>
    /// <returns>The current timestamp.</returns>
    public override long GetTimestamp() => NowTicks;

    /// <summary>The UTC time of the clock's zero (<see cref="DefaultUtcStart"/> unless given) plus the time advanced since.</summary>
    /// <returns>The current UTC time.</returns>
    public override DateTimeOffset GetUtcNow() => _utcStart.AddTicks(NowTicks);

    /// <summary>
    /// Creates a timer on the clock: its <paramref name="callback"/> runs during the <c>Advance</c> that
    /// reaches <paramref name="dueTime"/> from now (never for <see cref="Timeout.InfiniteTimeSpan"/>), then
    /// every <paramref name="period"/> (once when it is zero or <see cref="Timeout.InfiniteTimeSpan"/>); an
    /// <c>Advance</c> over several periods runs every tick in it. Its callback's exceptions propagate out of
    /// <c>Advance</c>, like any scheduled call's.
    /// </summary>
    /// <param name="callback">What to run; it receives <paramref name="state"/>.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="dueTime">The delay before the first run.</param>
    /// <param name="period">The interval between runs.</param>
    /// <returns>The timer; <c>Change</c> reschedules it and <c>Dispose</c> stops it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or larger than 0xFFFFFFFE milliseconds.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new DelayedCallTimer(this, callback, state, dueTime, period);

    /// <inheritdoc/>
    IDelayedCall ITimerLoop.Schedule(TimeSpan delay, Action callable) => CallLater(delay, callable);

    /// <inheritdoc/>
    void ITimerLoop.Post(Action callable) => callable();
}
