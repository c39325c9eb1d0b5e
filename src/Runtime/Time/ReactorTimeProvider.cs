using System;
using System.Threading;

namespace Torsion;

/// <summary>
/// A <see cref="TimeProvider"/> on a reactor's clock: .NET code that takes a <see cref="TimeProvider"/>
/// (<c>Task.Delay(delay, provider)</c>, <c>new CancellationTokenSource(delay, provider)</c>,
/// <c>new PeriodicTimer(period, provider)</c>, resilience pipelines, caches) then waits on reactor time, and
/// its timer callbacks run on the reactor thread. Get one with <c>reactor.AsTimeProvider()</c>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GetTimestamp"/> is the reactor's monotonic clock (<see cref="IReactorTime.Seconds"/>) in
/// 100 ns ticks (<see cref="TimestampFrequency"/> is <see cref="TimeSpan.TicksPerSecond"/>).
/// <see cref="GetUtcNow"/> is the UTC time when the provider was created plus the reactor time elapsed
/// since: it moves exactly as the reactor's timers do and, like them, does not follow later changes of the
/// system's wall clock.
/// </para>
/// <para>
/// <see cref="CreateTimer"/> makes an <see cref="ITimer"/> with <see cref="Timer"/>'s contract
/// (due time, period, <see cref="Timeout.InfiniteTimeSpan"/>, <c>Change</c> returning false once disposed,
/// <c>Dispose</c>/<c>DisposeAsync</c>), built on <see cref="IReactorTime.CallLater"/>: its callback runs on
/// the reactor thread while the reactor runs (or is iterated), and an exception it throws is logged by the
/// reactor, which goes on. The timer may be created, changed and disposed from any thread: off the reactor
/// thread the change reaches the reactor through <see cref="IReactorThreads.CallFromThread"/>, and the due
/// time still counts from the moment of the call. Timers created before the reactor runs start with it
/// (their due times counted from their creation).
/// </para>
/// </remarks>
public sealed class ReactorTimeProvider : TimeProvider, ITimerLoop
{
    private readonly IReactorTime _time;
    private readonly IReactorThreads? _threads;
    private readonly DateTimeOffset _utcAtStart;
    private readonly long _ticksAtStart;

    /// <summary>Creates a provider on <paramref name="time"/>'s clock.</summary>
    /// <param name="time">A reactor (or another <see cref="IReactorTime"/>). When it also implements
    /// <see cref="IReactorThreads"/>, timers changed from other threads are rescheduled through its
    /// <c>CallFromThread</c>; otherwise it is used directly, from whatever thread the caller is on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="time"/> is null.</exception>
    public ReactorTimeProvider(IReactorTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _threads = time as IReactorThreads;
        _ticksAtStart = ((ITimerLoop)this).NowTicks;
        _utcAtStart = TimeProvider.System.GetUtcNow();
    }

    /// <summary>The reactor (or clock) this provider reads and schedules on.</summary>
    public IReactorTime Time => _time;

    /// <summary>The frequency of <see cref="GetTimestamp"/>: <see cref="TimeSpan.TicksPerSecond"/> (100 ns ticks).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    long ITimerLoop.NowTicks => SecondsToTicks(_time.Seconds());

    /// <inheritdoc/>
    bool ITimerLoop.IsOnLoopThread => _threads is null || (_time is ReactorBase reactor && reactor.IsReactorThread);

    /// <summary>The reactor's clock in 100 ns ticks: monotonic; only differences are meaningful.</summary>
    /// <returns>The current timestamp.</returns>
    public override long GetTimestamp() => SecondsToTicks(_time.Seconds());

    /// <summary>The UTC time on the reactor's clock: the creation time plus the reactor time elapsed since.</summary>
    /// <returns>The current UTC time.</returns>
    public override DateTimeOffset GetUtcNow() => _utcAtStart.AddTicks(GetTimestamp() - _ticksAtStart);

    /// <summary>
    /// Creates a timer whose <paramref name="callback"/> runs on the reactor thread, first
    /// <paramref name="dueTime"/> from now (never for <see cref="Timeout.InfiniteTimeSpan"/>), then every
    /// <paramref name="period"/> (once when it is zero or <see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    /// <param name="callback">What to run; it receives <paramref name="state"/>.</param>
    /// <param name="state">The callback's argument.</param>
    /// <param name="dueTime">The delay before the first run.</param>
    /// <param name="period">The interval between runs.</param>
    /// <returns>The timer; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or larger than 0xFFFFFFFE milliseconds.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new DelayedCallTimer(this, callback, state, dueTime, period);

    /// <inheritdoc/>
    IDelayedCall ITimerLoop.Schedule(TimeSpan delay, Action callable) => _time.CallLater(delay, callable);

    /// <inheritdoc/>
    void ITimerLoop.Post(Action callable)
    {
        if (_threads is null)
        {
            callable();
            return;
        }

        try
        {
            _threads.CallFromThread(callable);
        }
        catch (ObjectDisposedException)
        {
            // The reactor is gone: no timer will ever run on it again, so there is nothing to reschedule.
        }
    }

    private static long SecondsToTicks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}
