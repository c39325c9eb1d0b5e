using System;
using Torsion.Testing;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

public sealed class DeferLaterTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void DeferLater_FiresWithTheFunctionsResultAfterTheDelay()
    {
        var clock = new Clock();
        var marker = new object();
        int calls = 0;
        Deferred<object> d = clock.DeferLater(S(3), () =>
        {
            calls++;
            return marker;
        });
        clock.Advance(S(2));
        Assert.Equal(0, calls);
        NoResult(d);
        clock.Advance(S(1));
        Assert.Equal(1, calls);
        Assert.Same(marker, SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithATypedFunction_FiresWithTheTypedResult()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), () => 42);
        clock.Advance(S(1));
        Assert.Equal(42, SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WhenTheFunctionThrows_Fails()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), new Func<int>(() => throw new TestException()));
        clock.Advance(S(1));
        FailureOf<TestException>(d);
    }

    [Fact]
    public void DeferLater_CancelledBeforeTheDelay_FailsWithCancelledAndNeverRunsTheFunction()
    {
        var clock = new Clock();
        bool ran = false;
        Deferred<int> d = clock.DeferLater(S(1), () =>
        {
            ran = true;
            return 1;
        });
        d.Cancel();
        FailureOf<CancelledException>(d);
        Assert.Empty(clock.GetDelayedCalls());
        clock.Advance(S(5));
        Assert.False(ran);
    }

    [Fact]
    public void DeferLater_CancelledAfterItFired_KeepsItsResult()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), () => 5);
        clock.Advance(S(1));
        d.Cancel();
        Assert.Equal(5, SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithoutAFunction_FiresWithNullAfterTheDelay()
    {
        var clock = new Clock();
        Deferred d = clock.DeferLater(S(2));
        NoResult(d);
        clock.Advance(S(2));
        Assert.Null(SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithoutAFunction_CanBeCancelled()
    {
        var clock = new Clock();
        Deferred d = clock.DeferLater(S(2));
        d.Cancel();
        FailureOf<CancelledException>(d);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void DeferLater_WithANullTypedFunction_FiresWithTheDefaultValue()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater<int>(S(1), (Func<int>?)null);
        clock.Advance(S(1));
        Assert.Equal(0, SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithAnAction_RunsItAndFiresWithNull()
    {
        var clock = new Clock();
        int calls = 0;
        Deferred d = clock.DeferLater(S(1), () => { calls++; });
        clock.Advance(S(1));
        Assert.Equal(1, calls);
        Assert.Null(SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithAThrowingAction_Fails()
    {
        var clock = new Clock();
        Deferred d = clock.DeferLater(S(1), new Action(() => throw new TestException()));
        clock.Advance(S(1));
        FailureOf<TestException>(d);
    }

    [Fact]
    public void DeferLater_WithAFunctionReturningADeferred_WaitsForIt()
    {
        var clock = new Clock();
        var inner = new Deferred<string>();
        Deferred<string> d = clock.DeferLater(S(1), () => inner);
        clock.Advance(S(1));
        NoResult(d);
        inner.Callback("later");
        Assert.Equal("later", SuccessOf(d));
    }

    [Fact]
    public void DeferLater_CancelledWhileWaitingOnTheFunctionsDeferred_CancelsThatDeferred()
    {
        var clock = new Clock();
        bool innerCancelled = false;
        var inner = new Deferred<string>(_ => innerCancelled = true);
        Deferred<string> d = clock.DeferLater(S(1), () => inner);
        clock.Advance(S(1));
        d.Cancel();
        Assert.True(innerCancelled);
        FailureOf<CancelledException>(d);
    }

    [Fact]
    public void DeferLater_WithAFunctionReturningAnUntypedDeferred_WaitsForIt()
    {
        var clock = new Clock();
        var inner = new Deferred();
        Deferred d = clock.DeferLater(S(1), () => inner);
        clock.Advance(S(1));
        NoResult(d);
        inner.Callback("value");
        Assert.Equal("value", SuccessOf(d));
    }

    [Fact]
    public void DeferLater_WithNegativeDelay_ThrowsArgumentOutOfRange()
    {
        var clock = new Clock();
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.DeferLater(S(-1), () => 1));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void DeferLater_WithNullClock_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => ReactorTimeExtensions.DeferLater(null!, S(1), () => 1));
    }

    [Fact]
    public void DeferLater_WithNullAction_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Clock().DeferLater(S(1), (Action)null!));
    }

    [Fact]
    public void DeferLater_WithZeroDelay_FiresOnTheNextClockTurn()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(TimeSpan.Zero, () => 3);
        NoResult(d);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(3, SuccessOf(d));
    }
}
