using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

public sealed class ClockTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Seconds_OfNewClock_IsZero()
    {
        Assert.Equal(0.0, new Clock().Seconds());
    }

    [Fact]
    public void Advance_ByTimeSpan_MovesSecondsForward()
    {
        var clock = new Clock();
        clock.Advance(S(1.5));
        clock.Advance(S(2));
        Assert.Equal(3.5, clock.Seconds());
    }

    [Fact]
    public void Advance_ByDoubleSeconds_MovesSecondsForward()
    {
        var clock = new Clock();
        clock.Advance(0.25);
        clock.Advance(1.0);
        Assert.Equal(1.25, clock.Seconds());
    }

    [Fact]
    public void Advance_TenTimesByOneTenthSecond_ReachesExactlyOneSecond()
    {
        var clock = new Clock();
        bool ran = false;
        clock.CallLater(S(1), () => ran = true);
        for (int i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(1.0, clock.Seconds());
        Assert.True(ran);
    }

    [Fact]
    public void Advance_ByNegativeTimeSpan_ThrowsArgumentOutOfRange()
    {
        var clock = new Clock();
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(S(-1)));
        Assert.Equal(0.0, clock.Seconds());
    }

    [Fact]
    public void Advance_ByNegativeSeconds_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock().Advance(-0.5));
    }

    [Fact]
    public void Advance_ByNaN_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock().Advance(double.NaN));
    }

    [Fact]
    public void Advance_ByInfinity_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Clock().Advance(double.PositiveInfinity));
    }

    [Fact]
    public void Advance_ToExactlyTheDueTime_RunsTheCall()
    {
        var clock = new Clock();
        var events = new List<string>();
        clock.CallLater(S(2), () => events.Add("ran"));
        clock.Advance(S(1));
        Assert.Empty(events);
        clock.Advance(S(1));
        Assert.Equal(new[] { "ran" }, events);
    }

    [Fact]
    public void Advance_ShortOfTheDueTime_DoesNotRunTheCall()
    {
        var clock = new Clock();
        bool ran = false;
        clock.CallLater(S(2), () => ran = true);
        clock.Advance(S(1.9999999));
        Assert.False(ran);
    }

    [Fact]
    public void Advance_PastTheDueTime_RunsTheCallOnce()
    {
        var clock = new Clock();
        int runs = 0;
        clock.CallLater(S(1), () => runs++);
        clock.Advance(S(5));
        clock.Advance(S(5));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Advance_RunsDueCallsInOrderOfDueTime()
    {
        var clock = new Clock();
        var order = new List<int>();
        clock.CallLater(S(3), () => order.Add(3));
        clock.CallLater(S(1), () => order.Add(1));
        clock.CallLater(S(2), () => order.Add(2));
        clock.Advance(S(10));
        Assert.Equal(new[] { 1, 2, 3 }, order);
    }

    [Fact]
    public void Advance_RunsCallsDueAtTheSameTimeInSchedulingOrder()
    {
        var clock = new Clock();
        var order = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            int n = i;
            clock.CallLater(S(1), () => order.Add(n));
        }

        clock.Advance(S(1));
        Assert.Equal(System.Linq.Enumerable.Range(0, 20), order);
    }

    [Fact]
    public void Advance_ManyCallsAtRandomTimes_RunsThemInDueTimeOrderFifoForTies()
    {
        var clock = new Clock();
        var random = new Random(1234);
        var ran = new List<(int Due, int Sequence)>();
        for (int i = 0; i < 20_000; i++)
        {
            int due = random.Next(0, 500);
            int sequence = i;
            clock.CallLater(TimeSpan.FromMilliseconds(due), () => ran.Add((due, sequence)));
        }

        clock.Advance(S(1));
        Assert.Equal(20_000, ran.Count);
        Assert.Equal(ran.OrderBy(r => r.Due).ThenBy(r => r.Sequence), ran);
    }

    [Fact]
    public void Advance_InsideACall_SecondsIsTheNewTime()
    {
        var clock = new Clock();
        double seen = -1;
        clock.CallLater(S(1), () => seen = clock.Seconds());
        clock.Advance(S(5));
        Assert.Equal(5.0, seen);
    }

    [Fact]
    public void Advance_RunsADueCallScheduledDuringTheAdvanceAfterTheCallsDueEarlier()
    {
        var clock = new Clock();
        var events = new List<string>();
        clock.CallLater(S(1), () =>
        {
            events.Add("first");
            clock.CallLater(TimeSpan.Zero, () => events.Add("scheduled during advance"));
        });
        clock.CallLater(S(2), () => events.Add("second"));
        clock.Advance(S(3));
        Assert.Equal(new[] { "first", "second", "scheduled during advance" }, events);
    }

    [Fact]
    public void Advance_DoesNotRunACallScheduledDuringTheAdvanceThatIsNotDue()
    {
        var clock = new Clock();
        var events = new List<string>();
        clock.CallLater(S(1), () =>
        {
            events.Add("first");
            clock.CallLater(S(2.5), () => events.Add("second"));
        });
        clock.Advance(S(3));
        Assert.Equal(new[] { "first" }, events);
        Assert.Single(clock.GetDelayedCalls());
    }

    [Fact]
    public void Advance_RunsAZeroDelayCallScheduledDuringTheAdvance()
    {
        var clock = new Clock();
        var events = new List<string>();
        clock.CallLater(S(1), () => clock.CallLater(TimeSpan.Zero, () => events.Add("zero")));
        clock.Advance(S(1));
        Assert.Equal(new[] { "zero" }, events);
    }

    [Fact]
    public void Advance_ByZero_RunsCallsAlreadyDue()
    {
        var clock = new Clock();
        bool ran = false;
        clock.CallLater(TimeSpan.Zero, () => ran = true);
        Assert.False(ran);
        clock.Advance(TimeSpan.Zero);
        Assert.True(ran);
    }

    [Fact]
    public void Advance_WhenACallThrows_PropagatesTheException()
    {
        var clock = new Clock();
        var boom = new InvalidOperationException("boom");
        clock.CallLater(S(1), () => throw boom);
        var thrown = Assert.Throws<InvalidOperationException>(() => clock.Advance(S(1)));
        Assert.Same(boom, thrown);
    }

    [Fact]
    public void Advance_WhenACallThrows_TheFailedCallIsNoLongerPending()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(1), () => throw new InvalidOperationException());
        Assert.Throws<InvalidOperationException>(() => clock.Advance(S(1)));
        Assert.False(call.Active);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Advance_WhenACallThrows_LaterDueCallsRunOnTheNextAdvance()
    {
        var clock = new Clock();
        bool laterRan = false;
        clock.CallLater(S(1), () => throw new InvalidOperationException());
        clock.CallLater(S(2), () => laterRan = true);
        Assert.Throws<InvalidOperationException>(() => clock.Advance(S(2)));
        Assert.False(laterRan);
        clock.Advance(TimeSpan.Zero);
        Assert.True(laterRan);
    }

    [Fact]
    public void Advance_CalledFromInsideACall_RunsTheCallsDueAtTheInnerTime()
    {
        var clock = new Clock();
        var events = new List<(string, double)>();
        clock.CallLater(S(1), () =>
        {
            events.Add(("outer", clock.Seconds()));
            clock.Advance(S(2));
        });
        clock.CallLater(S(2), () => events.Add(("inner", clock.Seconds())));
        clock.Advance(S(1));
        Assert.Equal(new[] { ("outer", 1.0), ("inner", 3.0) }, events);
    }

    [Fact]
    public void CallLater_ReturnsAnActiveCallDueAtNowPlusTheDelay()
    {
        var clock = new Clock();
        clock.Advance(S(2));
        IDelayedCall call = clock.CallLater(S(1.5), () => { });
        Assert.True(call.Active);
        Assert.Equal(3.5, call.Time);
    }

    [Fact]
    public void CallLater_ReturnsADistinctHandleForEachCall()
    {
        var clock = new Clock();
        IDelayedCall first = clock.CallLater(S(10), () => { });
        IDelayedCall second = clock.CallLater(S(1), () => { });
        Assert.NotSame(first, second);
    }

    [Fact]
    public void CallLater_ReturnsAClockDelayedCall()
    {
        Assert.IsType<ClockDelayedCall>(new Clock().CallLater(S(1), () => { }));
    }

    [Fact]
    public void CallLater_WithNegativeDelay_ThrowsArgumentOutOfRange()
    {
        var clock = new Clock();
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CallLater(S(-1), () => { }));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void CallLater_WithNullCallable_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Clock().CallLater(S(1), null!));
    }

    [Fact]
    public void CallLater_DoesNotRunTheCallBeforeTheClockIsAdvanced()
    {
        var clock = new Clock();
        bool ran = false;
        clock.CallLater(TimeSpan.Zero, () => ran = true);
        Assert.False(ran);
    }

    [Fact]
    public void CallLater_AfterAnEarlierCallWasResetLater_RunsTheNewCallFirstWhenItIsDueSooner()
    {
        var clock = new Clock();
        var result = new List<(string, double)>();
        IDelayedCall a = clock.CallLater(S(1), () => result.Add(("a", clock.Seconds())));
        a.Reset(S(3));
        clock.CallLater(S(2), () => result.Add(("b", clock.Seconds())));
        clock.Pump(new[] { S(1), S(1), S(1) });
        Assert.Equal(new[] { ("b", 2.0), ("a", 3.0) }, result);
    }

    [Fact]
    public void Reset_OfACallPastALaterOne_RunsItAfterTheLaterOne()
    {
        var clock = new Clock();
        var result = new List<(string, double)>();
        IDelayedCall a = clock.CallLater(S(1), () => result.Add(("a", clock.Seconds())));
        clock.CallLater(S(2), () => result.Add(("b", clock.Seconds())));
        a.Reset(S(3));
        clock.Pump(new[] { S(1), S(1), S(1) });
        Assert.Equal(new[] { ("b", 2.0), ("a", 3.0) }, result);
    }

    [Fact]
    public void Reset_FromInsideAnotherCall_KeepsCallsOrderedByDueTime()
    {
        var clock = new Clock();
        var result = new List<(string, double)>();
        IDelayedCall b = clock.CallLater(S(2), () => result.Add(("b", clock.Seconds())));
        clock.CallLater(S(1), () => b.Reset(S(3)));
        clock.CallLater(S(3), () => result.Add(("c", clock.Seconds())));
        var steps = new double[10];
        Array.Fill(steps, 0.5);
        clock.Pump(steps);
        Assert.Equal(new[] { ("c", 3.0), ("b", 4.0) }, result);
    }

    [Fact]
    public void Reset_OfTwoCallsToTheSameTimeBeforeTheClockSorts_KeepsTheirListOrderLikeTwisted()
    {
        // Verified against Twisted 22.4: a.reset(3); b.reset(3); advance(5) runs a, then b.
        var clock = new Clock();
        var order = new List<string>();
        IDelayedCall a = clock.CallLater(S(1), () => order.Add("a"));
        IDelayedCall b = clock.CallLater(S(2), () => order.Add("b"));
        a.Reset(S(3));
        b.Reset(S(3));
        clock.Advance(S(5));
        Assert.Equal(new[] { "a", "b" }, order);
    }

    [Fact]
    public void Reset_OfTwoCallsToTheSameTimeWithASortInBetween_RunsThemInTheSortedOrderLikeTwisted()
    {
        // Verified against Twisted 22.4: a.reset(3); callLater(10, x); b.reset(3); advance(5) runs b, then a.
        var clock = new Clock();
        var order = new List<string>();
        IDelayedCall a = clock.CallLater(S(1), () => order.Add("a"));
        IDelayedCall b = clock.CallLater(S(2), () => order.Add("b"));
        a.Reset(S(3));
        clock.CallLater(S(10), () => order.Add("x"));
        b.Reset(S(3));
        clock.Advance(S(5));
        Assert.Equal(new[] { "b", "a" }, order);
    }

    [Fact]
    public void Pump_AdvancesByEachAmountInTurn()
    {
        var clock = new Clock();
        var times = new List<double>();
        clock.CallLater(S(1), () => times.Add(clock.Seconds()));
        clock.CallLater(S(4), () => times.Add(clock.Seconds()));
        clock.Pump(new[] { S(0.5), S(1), S(2), S(3) });
        Assert.Equal(new[] { 1.5, 6.5 }, times);
        Assert.Equal(6.5, clock.Seconds());
    }

    [Fact]
    public void Pump_WithDoubleSeconds_AdvancesByEachAmountInTurn()
    {
        var clock = new Clock();
        var times = new List<double>();
        clock.CallLater(S(1), () => times.Add(clock.Seconds()));
        clock.Pump(new[] { 0.75, 0.75, 0.75 });
        Assert.Equal(new[] { 1.5 }, times);
        Assert.Equal(2.25, clock.Seconds());
    }

    [Fact]
    public void Pump_WithNullTimeSpans_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Clock().Pump((IEnumerable<TimeSpan>)null!));
    }

    [Fact]
    public void Pump_WithNullSeconds_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Clock().Pump((IEnumerable<double>)null!));
    }

    [Fact]
    public void GetDelayedCalls_OfNewClock_IsEmpty()
    {
        Assert.Empty(new Clock().GetDelayedCalls());
    }

    [Fact]
    public void GetDelayedCalls_ReturnsThePendingCallsOrderedByDueTime()
    {
        var clock = new Clock();
        IDelayedCall late = clock.CallLater(S(2), () => { });
        IDelayedCall early = clock.CallLater(S(1), () => { });
        Assert.Equal(new[] { early, late }, clock.GetDelayedCalls());
    }

    [Fact]
    public void GetDelayedCalls_ReflectsAResetBeforeTheClockSortsAgain()
    {
        var clock = new Clock();
        IDelayedCall a = clock.CallLater(S(1), () => { });
        IDelayedCall b = clock.CallLater(S(2), () => { });
        a.Reset(S(3));
        Assert.Equal(new[] { b, a }, clock.GetDelayedCalls());
    }

    [Fact]
    public void GetDelayedCalls_LeavesOutCancelledCalls()
    {
        var clock = new Clock();
        IDelayedCall kept = clock.CallLater(S(1), () => { });
        clock.CallLater(S(2), () => { }).Cancel();
        Assert.Equal(new[] { kept }, clock.GetDelayedCalls());
    }

    [Fact]
    public void GetDelayedCalls_LeavesOutCallsThatRan()
    {
        var clock = new Clock();
        clock.CallLater(S(1), () => { });
        IDelayedCall kept = clock.CallLater(S(2), () => { });
        clock.Advance(S(1));
        Assert.Equal(new[] { kept }, clock.GetDelayedCalls());
    }

    [Fact]
    public void GetDelayedCalls_ReturnsASnapshotThatLaterSchedulingDoesNotChange()
    {
        var clock = new Clock();
        clock.CallLater(S(1), () => { });
        IReadOnlyList<IDelayedCall> snapshot = clock.GetDelayedCalls();
        clock.CallLater(S(2), () => { });
        Assert.Single(snapshot);
    }

    [Fact]
    public void Clock_CanBeUsedThroughIReactorTime()
    {
        IReactorTime time = new Clock();
        bool ran = false;
        time.CallLater(S(1), () => ran = true);
        ((Clock)time).Advance(S(1));
        Assert.True(ran);
        Assert.Equal(1.0, time.Seconds());
    }
}
