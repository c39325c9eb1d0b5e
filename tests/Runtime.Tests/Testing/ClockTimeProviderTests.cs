using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

/// <summary>The test <see cref="Clock"/> used as a <see cref="TimeProvider"/>: Advance drives .NET's timers.</summary>
public sealed class ClockTimeProviderTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void TaskDelay_OnClock_CompletesOnlyWhenTheClockReachesTheDelay()
    {
        var clock = new Clock();
        Task delay = Task.Delay(S(5), clock);
        clock.Advance(S(4.9));
        Assert.False(delay.IsCompleted);
        clock.Advance(S(0.1));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void TaskDelay_OnClockCancelled_IsCancelledAndItsTimerIsGone()
    {
        var clock = new Clock();
        using var cancel = new CancellationTokenSource();
        Task delay = Task.Delay(S(5), clock, cancel.Token);
        Assert.Single(clock.GetDelayedCalls());
        cancel.Cancel();
        Assert.True(delay.IsCanceled);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void CancellationTokenSource_WithDelayOnClock_CancelsWhenTheClockReachesTheDelay()
    {
        var clock = new Clock();
        using var source = new CancellationTokenSource(S(3), clock);
        int callbacks = 0;
        source.Token.Register(() => callbacks++);
        clock.Advance(S(2.5));
        Assert.False(source.IsCancellationRequested);
        clock.Advance(S(0.5));
        Assert.True(source.IsCancellationRequested);
        Assert.Equal(1, callbacks);
    }

    [Fact]
    public void CancellationTokenSource_CancelAfterOnClock_ReschedulesItsTimer()
    {
        var clock = new Clock();
        using var source = new CancellationTokenSource(S(3), clock);
        source.CancelAfter(S(10));              // ITimer.Change under the hood
        clock.Advance(S(9));
        Assert.False(source.IsCancellationRequested);
        clock.Advance(S(1));
        Assert.True(source.IsCancellationRequested);
    }

    [Fact]
    public async Task PeriodicTimer_OnClock_TicksOncePerPeriodAndStopsWhenDisposed()
    {
        var clock = new Clock();
        using var timer = new PeriodicTimer(S(1), clock);
        ValueTask<bool> tick = timer.WaitForNextTickAsync();
        clock.Advance(S(0.5));
        Assert.False(tick.IsCompleted);
        clock.Advance(S(0.5));
        Assert.True(tick.IsCompleted);
        Assert.True(await tick);

        tick = timer.WaitForNextTickAsync();
        Assert.False(tick.IsCompleted);
        clock.Advance(S(1));
        Assert.True(await tick);

        // Ticks that happen while nobody waits are coalesced into one, as with the system clock.
        clock.Advance(S(5));
        Assert.True(await timer.WaitForNextTickAsync());
        tick = timer.WaitForNextTickAsync();
        Assert.False(tick.IsCompleted);

        timer.Dispose();
        Assert.False(await tick);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void CreateTimer_PassesItsStateAndRunsEveryPeriodInOneAdvance()
    {
        var clock = new Clock();
        var seen = new List<(object? State, double At)>();
        var state = new object();
        using ITimer timer = clock.CreateTimer(s => seen.Add((s, clock.Seconds())), state, S(1), S(2));
        clock.Advance(S(1));
        Assert.Equal(new (object?, double)[] { (state, 1.0) }, seen.ToArray());

        // Ticks are due at 1, 3, 5, 7: one Advance from 1 to 7 runs the three that were missed.
        clock.Advance(S(6));
        Assert.Equal(4, seen.Count);
        Assert.All(seen, entry => Assert.Same(state, entry.State));
    }

    [Fact]
    public void CreateTimer_WithZeroOrInfinitePeriod_RunsOnce()
    {
        foreach (TimeSpan period in new[] { TimeSpan.Zero, Timeout.InfiniteTimeSpan })
        {
            var clock = new Clock();
            int calls = 0;
            using ITimer timer = clock.CreateTimer(_ => calls++, null, S(1), period);
            clock.Advance(S(10));
            Assert.Equal(1, calls);
            Assert.Empty(clock.GetDelayedCalls());
        }
    }

    [Fact]
    public void CreateTimer_WithInfiniteDueTime_NeverRunsUntilChanged()
    {
        var clock = new Clock();
        int calls = 0;
        using ITimer timer = clock.CreateTimer(_ => calls++, null, Timeout.InfiniteTimeSpan, S(1));
        clock.Advance(S(100));
        Assert.Equal(0, calls);
        Assert.True(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Change_CountsTheNewDueTimeFromNowAndReplacesTheOldSchedule()
    {
        var clock = new Clock();
        var times = new List<double>();
        using ITimer timer = clock.CreateTimer(_ => times.Add(clock.Seconds()), null, S(1), S(1));
        clock.Advance(S(1));
        clock.Advance(S(0.5));
        Assert.True(timer.Change(S(3), S(0.5)));      // at 1.5: due at 4.5, then every 0.5
        clock.Pump(Enumerable.Repeat(S(0.5), 8));     // to 5.5
        Assert.Equal(new[] { 1.0, 4.5, 5.0, 5.5 }, times.ToArray());
    }

    [Fact]
    public void Change_ToInfinite_StopsTheTimer()
    {
        var clock = new Clock();
        int calls = 0;
        using ITimer timer = clock.CreateTimer(_ => calls++, null, S(1), S(1));
        clock.Advance(S(1));
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        clock.Advance(S(10));
        Assert.Equal(1, calls);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Change_FromTheCallback_TakesEffect()
    {
        var clock = new Clock();
        var times = new List<double>();
        ITimer? timer = null;
        timer = clock.CreateTimer(_ =>
        {
            times.Add(clock.Seconds());
            timer!.Change(S(10), Timeout.InfiniteTimeSpan);
        }, null, S(1), S(1));
        clock.Advance(S(1));
        clock.Advance(S(5));
        clock.Advance(S(5));
        Assert.Equal(new[] { 1.0, 11.0 }, times.ToArray());
        timer.Dispose();
    }

    [Fact]
    public void Dispose_StopsTheTimer_AndChangeAfterDisposeReturnsFalse()
    {
        var clock = new Clock();
        int calls = 0;
        ITimer timer = clock.CreateTimer(_ => calls++, null, S(1), S(1));
        timer.Dispose();
        timer.Dispose();                        // twice is fine
        Assert.False(timer.Change(S(1), S(1)));
        clock.Advance(S(10));
        Assert.Equal(0, calls);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void DisposeAsync_WhenNoCallbackRuns_CompletesAtOnce()
    {
        var clock = new Clock();
        ITimer timer = clock.CreateTimer(_ => { }, null, S(1), S(1));
        ValueTask disposing = timer.DisposeAsync();
        Assert.True(disposing.IsCompletedSuccessfully);
        Assert.False(timer.Change(S(1), S(1)));
    }

    [Fact]
    public async Task DisposeAsync_FromItsOwnCallback_CompletesWhenTheCallbackReturns()
    {
        var clock = new Clock();
        ValueTask disposing = default;
        bool completedInside = true;
        ITimer? timer = null;
        timer = clock.CreateTimer(_ =>
        {
            disposing = timer!.DisposeAsync();
            completedInside = disposing.IsCompleted;
        }, null, S(1), S(1));
        clock.Advance(S(1));
        Assert.False(completedInside);
        await disposing;
        clock.Advance(S(5));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void CreateTimer_RejectsBadArguments_LikeTimer()
    {
        var clock = new Clock();
        Assert.Throws<ArgumentNullException>(() => clock.CreateTimer(null!, null, S(1), S(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, S(-1), S(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, S(1), TimeSpan.FromMilliseconds(-2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(uint.MaxValue), S(1)));
        using ITimer timer = clock.CreateTimer(_ => { }, null, S(1), S(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(S(-1), S(1)));
        Assert.Single(clock.GetDelayedCalls());      // the rejected timers left nothing scheduled
    }

    [Fact]
    public void ThrowingCallback_PropagatesOutOfAdvance_AndAPeriodicTimerGoesOn()
    {
        var clock = new Clock();
        int calls = 0;
        using ITimer timer = clock.CreateTimer(_ =>
        {
            calls++;
            throw new InvalidOperationException("tick " + calls);
        }, null, S(1), S(1));
        var error = Assert.Throws<InvalidOperationException>(() => clock.Advance(S(1)));
        Assert.Equal("tick 1", error.Message);
        Assert.Throws<InvalidOperationException>(() => clock.Advance(S(1)));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Callback_RunsInTheExecutionContextOfTheTimersCreation()
    {
        var clock = new Clock();
        var local = new AsyncLocal<string>();
        string? seen = null;
        local.Value = "at creation";
        using ITimer timer = clock.CreateTimer(_ => seen = local.Value, null, S(1), Timeout.InfiniteTimeSpan);
        local.Value = "later";
        clock.Advance(S(1));
        Assert.Equal("at creation", seen);
        Assert.Equal("later", local.Value);
    }

    [Fact]
    public void Clock_TimeIsTheClocksTime()
    {
        var clock = new Clock();
        Assert.Equal(Clock.DefaultUtcStart, clock.GetUtcNow());
        Assert.Equal(TimeSpan.TicksPerSecond, clock.TimestampFrequency);
        long start = clock.GetTimestamp();
        clock.Advance(S(90));
        Assert.Equal(Clock.DefaultUtcStart.AddSeconds(90), clock.GetUtcNow());
        Assert.Equal(S(90), clock.GetElapsedTime(start));
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);

        var start2024 = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero);
        var other = new Clock(start2024);
        other.Advance(S(1.5));
        Assert.Equal(start2024.AddSeconds(1.5), other.GetUtcNow());
        Assert.Equal(1.5, other.Seconds());
    }

    [Fact]
    public void AsTimeProvider_OfAClock_IsTheClockItself()
    {
        var clock = new Clock();
        Assert.Same(clock, ((IReactorTime)clock).AsTimeProvider());
    }
}
