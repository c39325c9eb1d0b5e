using System;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion;

/// <summary>
/// The <see cref="ITimer"/> of <see cref="ReactorTimeProvider"/> and <see cref="Torsion.Testing.Clock"/>: a
/// <see cref="Timer"/>-like timer built on <see cref="IReactorTime.CallLater"/>, so its callback runs on the
/// thread that owns the clock (the reactor thread, or the thread that advances a <c>Clock</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Change"/> and <see cref="Dispose"/> may be called from any thread. The schedule they set is
/// recorded at once (the due time counts from the moment of the call); the delayed call itself is
/// rescheduled on the loop thread, directly when the caller is on it, otherwise through
/// <see cref="ITimerLoop.Post"/>. A callback whose schedule was replaced by a later <see cref="Change"/>, or
/// whose timer was disposed, does not run.
/// </para>
/// <para>
/// A periodic timer's ticks are due at the first due time plus whole periods, without drift: when the loop
/// falls behind (or a test advances a <c>Clock</c> by several periods at once), the missed ticks run one
/// after the other, as <c>FakeTimeProvider</c> does.
/// </para>
/// <para>
/// The callback runs in the <see cref="ExecutionContext"/> captured when the timer was created (so
/// <see cref="AsyncLocal{T}"/> values flow as with <see cref="Timer"/>). An exception it throws is the
/// clock's to handle: a reactor logs it and goes on, a <c>Clock</c> lets it propagate out of <c>Advance</c>.
/// A periodic timer's next tick is already scheduled when the callback runs, so a throwing callback does
/// not stop it.
/// </para>
/// </remarks>
internal sealed class DelayedCallTimer : ITimer
{
    /// <summary>The largest due time or period <see cref="Timer"/> accepts: 0xFFFFFFFE milliseconds.</summary>
    private static readonly TimeSpan MaxSupported = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ITimerLoop _loop;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ExecutionContext? _context;
    private readonly object _gate = new();

    // Guarded by _gate: the schedule as last set, and its version.
    private bool _disposed;
    private long _version;
    private long _dueTicks = -1;      // on the loop's timeline; -1 = not scheduled
    private long _periodTicks;        // 0 = one-shot
    private int _callbacksRunning;
    private TaskCompletionSource? _disposeWaiter;

    // Loop thread only: the schedule the delayed call reflects, and the call.
    private long _appliedVersion;
    private IDelayedCall? _call;

    /// <summary>Creates a timer and sets its first schedule.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or larger than 0xFFFFFFFE milliseconds.</exception>
    internal DelayedCallTimer(ITimerLoop loop, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Validate(dueTime, period);
        _loop = loop;
        _callback = callback;
        _state = state;
        _context = ExecutionContext.Capture();
        Change(dueTime, period);
    }

    /// <summary>
    /// Sets when the callback runs next (<paramref name="dueTime"/> from now; never for
    /// <see cref="Timeout.InfiniteTimeSpan"/>, on the loop's next turn for zero) and how often after that
    /// (every <paramref name="period"/>; once when it is zero or <see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    /// <returns>True when the timer was updated; false once it was disposed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or larger than 0xFFFFFFFE milliseconds.</exception>
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _version++;
            _dueTicks = dueTime == Timeout.InfiniteTimeSpan ? -1 : checked(_loop.NowTicks + dueTime.Ticks);
            _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        }

        Synchronize();
        return true;
    }

    /// <summary>Stops the timer: the callback does not run again. Safe to call more than once.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _version++;
            _dueTicks = -1;
        }

        Synchronize();
    }

    /// <summary>
    /// Stops the timer, like <see cref="Dispose"/>; the returned task completes once a callback that is
    /// running at that moment has returned (at once when none is).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        lock (_gate)
        {
            if (_callbacksRunning == 0)
            {
                return default;
            }

            _disposeWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_disposeWaiter.Task);
        }
    }

    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if ((dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan) || dueTime > MaxSupported)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or positive, Timeout.InfiniteTimeSpan, and at most 0xFFFFFFFE milliseconds.");
        }

        if ((period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan) || period > MaxSupported)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be zero or positive, Timeout.InfiniteTimeSpan, and at most 0xFFFFFFFE milliseconds.");
        }
    }

    /// <summary>Makes the delayed call reflect the latest schedule, on the loop thread.</summary>
    private void Synchronize()
    {
        if (_loop.IsOnLoopThread)
        {
            Apply();
        }
        else
        {
            _loop.Post(Apply);
        }
    }

    /// <summary>Loop thread: replaces the delayed call with one for the latest schedule (none once disposed).</summary>
    private void Apply()
    {
        long due;
        lock (_gate)
        {
            if (_appliedVersion == _version)
            {
                return;
            }

            _appliedVersion = _version;
            due = _dueTicks;
        }

        if (_call is { Active: true } call)
        {
            call.Cancel();
        }

        _call = due < 0 ? null : _loop.Schedule(DelayUntil(due), Fire);
    }

    /// <summary>Loop thread: the delayed call is due.</summary>
    private void Fire()
    {
        _call = null;
        long next;
        lock (_gate)
        {
            if (_disposed || _appliedVersion != _version || _dueTicks < 0)
            {
                // Disposed, or a newer Change is on its way to the loop thread: it decides what runs.
                return;
            }

            next = _periodTicks > 0 ? checked(_dueTicks + _periodTicks) : -1;
            _dueTicks = next;
            _callbacksRunning++;
        }

        try
        {
            if (next >= 0)
            {
                _call = _loop.Schedule(DelayUntil(next), Fire);
            }

            if (_context is null)
            {
                _callback(_state);
            }
            else
            {
                ExecutionContext.Run(_context, static self => ((DelayedCallTimer)self!)._callback(((DelayedCallTimer)self)._state), this);
            }
        }
        finally
        {
            TaskCompletionSource? waiter = null;
            lock (_gate)
            {
                if (--_callbacksRunning == 0 && _disposed)
                {
                    waiter = _disposeWaiter;
                }
            }

            waiter?.TrySetResult();
        }
    }

    private TimeSpan DelayUntil(long dueTicks) => TimeSpan.FromTicks(Math.Max(0, dueTicks - _loop.NowTicks));
}
