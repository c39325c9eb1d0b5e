using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

public sealed class ClockDelayedCallTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static void Nothing()
    {
    }

    [Fact]
    public void NewCall_IsActiveNotCalledNotCancelled()
    {
        var call = (ClockDelayedCall)new Clock().CallLater(S(1), Nothing);
        Assert.True(call.Active);
        Assert.False(call.Called);
        Assert.False(call.Cancelled);
    }

    [Fact]
    public void Cancel_MakesTheCallInactiveAndCancelled()
    {
        var call = (ClockDelayedCall)new Clock().CallLater(S(1), Nothing);
        call.Cancel();
        Assert.False(call.Active);
        Assert.True(call.Cancelled);
    }

    [Fact]
    public void Cancel_PreventsTheCallFromRunning()
    {
        var clock = new Clock();
        bool ran = false;
        clock.CallLater(S(1), () => ran = true).Cancel();
        clock.Advance(S(2));
        Assert.False(ran);
    }

    [Fact]
    public void Cancel_Twice_ThrowsAlreadyCancelled()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        call.Cancel();
        Assert.Throws<AlreadyCancelledException>(call.Cancel);
    }

    [Fact]
    public void Cancel_AfterTheCallRan_ThrowsAlreadyCalled()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(1), Nothing);
        clock.Advance(S(1));
        Assert.Throws<AlreadyCalledException>(call.Cancel);
    }

    [Fact]
    public void Cancel_FromInsideItsOwnCall_ThrowsAlreadyCalled()
    {
        var clock = new Clock();
        IDelayedCall? call = null;
        Exception? thrown = null;
        call = clock.CallLater(S(1), () => thrown = Record.Exception(() => call!.Cancel()));
        clock.Advance(S(1));
        Assert.IsType<AlreadyCalledException>(thrown);
    }

    [Fact]
    public void Called_InsideItsOwnCall_IsTrueAndActiveIsFalse()
    {
        var clock = new Clock();
        ClockDelayedCall? call = null;
        (bool Called, bool Active) seen = default;
        call = (ClockDelayedCall)clock.CallLater(S(1), () => seen = (call!.Called, call.Active));
        clock.Advance(S(1));
        Assert.Equal((true, false), seen);
    }

    [Fact]
    public void Called_AfterTheCallRan_IsTrue()
    {
        var clock = new Clock();
        var call = (ClockDelayedCall)clock.CallLater(S(1), Nothing);
        clock.Advance(S(1));
        Assert.True(call.Called);
        Assert.False(call.Active);
    }

    [Fact]
    public void Reset_ToALaterTime_MovesTheDueTimeRelativeToNow()
    {
        var clock = new Clock();
        var events = new List<double>();
        IDelayedCall call = clock.CallLater(S(2), () => events.Add(clock.Seconds()));
        clock.Advance(S(1));
        call.Reset(S(3));
        Assert.Equal(4.0, call.Time);
        clock.Advance(S(2));
        Assert.Empty(events);
        clock.Advance(S(1));
        Assert.Equal(new[] { 4.0 }, events);
    }

    [Fact]
    public void Reset_ToASoonerTime_RunsTheCallAtTheSoonerTime()
    {
        var clock = new Clock();
        var events = new List<double>();
        IDelayedCall call = clock.CallLater(S(4), () => events.Add(clock.Seconds()));
        call.Reset(S(3));
        Assert.Equal(3.0, call.Time);
        clock.Advance(S(3));
        Assert.Equal(new[] { 3.0 }, events);
    }

    [Fact]
    public void Reset_ToZero_RunsTheCallOnTheNextAdvance()
    {
        var clock = new Clock();
        bool ran = false;
        IDelayedCall call = clock.CallLater(S(10), () => ran = true);
        call.Reset(TimeSpan.Zero);
        clock.Advance(TimeSpan.Zero);
        Assert.True(ran);
    }

    [Fact]
    public void Reset_WithNegativeDelay_ThrowsArgumentOutOfRange()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        Assert.Throws<ArgumentOutOfRangeException>(() => call.Reset(S(-1)));
        Assert.Equal(1.0, call.Time);
    }

    [Fact]
    public void Reset_AfterCancel_ThrowsAlreadyCancelled()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        call.Cancel();
        Assert.Throws<AlreadyCancelledException>(() => call.Reset(S(1)));
    }

    [Fact]
    public void Reset_AfterTheCallRan_ThrowsAlreadyCalled()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(1), Nothing);
        clock.Advance(S(1));
        Assert.Throws<AlreadyCalledException>(() => call.Reset(S(1)));
    }

    [Fact]
    public void Delay_AddsToTheDueTime()
    {
        var clock = new Clock();
        var events = new List<double>();
        IDelayedCall call = clock.CallLater(S(1), () => events.Add(clock.Seconds()));
        call.Delay(S(1));
        Assert.Equal(2.0, call.Time);
        clock.Advance(S(1.5));
        Assert.Empty(events);
        clock.Advance(S(1));
        Assert.Equal(new[] { 2.5 }, events);
    }

    [Fact]
    public void Delay_Twice_AddsBothAmounts()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        call.Delay(S(1));
        call.Delay(S(0.5));
        Assert.Equal(2.5, call.Time);
    }

    [Fact]
    public void Delay_ByANegativeAmount_MovesTheCallEarlier()
    {
        var clock = new Clock();
        bool ran = false;
        IDelayedCall call = clock.CallLater(S(5), () => ran = true);
        call.Delay(S(-3));
        Assert.Equal(2.0, call.Time);
        clock.Advance(S(2));
        Assert.True(ran);
    }

    [Fact]
    public void Delay_AfterCancel_ThrowsAlreadyCancelled()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        call.Cancel();
        Assert.Throws<AlreadyCancelledException>(() => call.Delay(S(1)));
    }

    [Fact]
    public void Delay_AfterTheCallRan_ThrowsAlreadyCalled()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(1), Nothing);
        clock.Advance(S(1));
        Assert.Throws<AlreadyCalledException>(() => call.Delay(S(1)));
    }

    [Fact]
    public void ToString_OfAPendingCall_HasTwistedsDelayedCallFormat()
    {
        IDelayedCall call = new Clock().CallLater(S(1.5), Nothing);
        Assert.Matches(
            new Regex(@"^<DelayedCall 0x[0-9a-f]+ \[1\.5s\] called=0 cancelled=0 ClockDelayedCallTests\.Nothing\(\)>$"),
            call.ToString());
    }

    [Fact]
    public void ToString_ShowsTheTimeLeftFromNow()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(3), Nothing);
        clock.Advance(S(1));
        Assert.Contains("[2.0s]", call.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_LikeTwisted_IgnoresTimeAddedByDelay()
    {
        IDelayedCall call = new Clock().CallLater(S(3), Nothing);
        call.Delay(S(2));
        Assert.Contains("[3.0s]", call.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_OfACancelledCall_SaysCancelledAndOmitsTheCallable()
    {
        IDelayedCall call = new Clock().CallLater(S(1), Nothing);
        call.Cancel();
        Assert.Matches(new Regex(@"^<DelayedCall 0x[0-9a-f]+ \[1\.0s\] called=0 cancelled=1>$"), call.ToString());
    }

    [Fact]
    public void ToString_OfACallThatRan_SaysCalled()
    {
        var clock = new Clock();
        IDelayedCall call = clock.CallLater(S(1), Nothing);
        clock.Advance(S(1));
        Assert.Matches(new Regex(@"^<DelayedCall 0x[0-9a-f]+ \[0\.0s\] called=1 cancelled=0 ClockDelayedCallTests\.Nothing\(\)>$"), call.ToString());
    }
}
