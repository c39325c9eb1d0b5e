using System;
using System.Collections.Generic;
using Torsion.Testing;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

/// <summary>The state-passing DeferLater overloads behave like the closure forms.</summary>
public sealed class DeferLaterStateTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void AFunctionGetsItsStateAndTheDeferredFiresWithItsResultAfterTheDelay()
    {
        var clock = new Clock();
        var calls = new List<string>();
        Deferred<int> d = clock.DeferLater(S(3), static s => { s.Add("ran"); return s.Count * 10; }, calls);
        clock.Advance(S(2));
        Assert.Empty(calls);
        NoResult(d);
        clock.Advance(S(1));
        Assert.Equal(new[] { "ran" }, calls);
        Assert.Equal(10, SuccessOf(d));
    }

    [Fact]
    public void AFunctionThatThrowsFailsTheDeferred()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater<int, int>(S(1), static _ => throw new TestException(), 0);
        clock.Advance(S(1));
        FailureOf<TestException>(d);
    }

    [Fact]
    public void CancelledBeforeTheDelayItFailsWithCancelledAndTheFunctionNeverRuns()
    {
        var clock = new Clock();
        var ran = new List<int>();
        Deferred<int> d = clock.DeferLater(S(1), static r => { r.Add(1); return 1; }, ran);
        d.Cancel();
        FailureOf<CancelledException>(d);
        Assert.Empty(clock.GetDelayedCalls());
        clock.Advance(S(5));
        Assert.Empty(ran);
    }

    [Fact]
    public void CancelledAfterItFiredItKeepsItsResult()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), static x => x + 1, 4);
        clock.Advance(S(1));
        d.Cancel();
        Assert.Equal(5, SuccessOf(d));
    }

    [Fact]
    public void FiredByItsHolderBeforeTheDelayTheFunctionDoesNotRun()
    {
        var clock = new Clock();
        var ran = new List<int>();
        Deferred<int> d = clock.DeferLater(S(1), static r => { r.Add(1); return 1; }, ran);
        d.Callback(7);
        clock.Advance(S(1));
        Assert.Empty(ran);
        Assert.Equal(7, SuccessOf(d));
    }

    [Fact]
    public void AFunctionReturningADeferredIsWaitedOn()
    {
        var clock = new Clock();
        var inner = new Deferred<string>();
        Deferred<string> d = clock.DeferLater(S(1), static i => i, inner);
        clock.Advance(S(1));
        NoResult(d);
        inner.Callback("done");
        Assert.Equal("done", SuccessOf(d));
    }

    [Fact]
    public void AFunctionReturningAFiredDeferredGivesItsResultAtOnce()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), static x => Deferred.Succeed(x * 2), 21);
        clock.Advance(S(1));
        Assert.Equal(42, SuccessOf(d));
    }

    [Fact]
    public void CancellingWhileWaitingCancelsTheFunctionsDeferred()
    {
        var clock = new Clock();
        var inner = new Deferred<int>();
        Deferred<int> d = clock.DeferLater(S(1), static i => i, inner);
        clock.Advance(S(1));
        d.Cancel();
        Assert.True(inner.Called); // cancelled; its failure moved on to d
        FailureOf<CancelledException>(d);
    }

    [Fact]
    public void AFunctionReturningNullFailsTheDeferred()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater(S(1), static (int _) => (Deferred<int>)null!, 0);
        clock.Advance(S(1));
        Failure failure = FailureOf<InvalidOperationException>(d);
        Assert.Contains("returned a null Deferred", failure.Value.Message);
    }

    [Fact]
    public void AnActionGetsItsStateAndTheDeferredFiresWithNull()
    {
        var clock = new Clock();
        var seen = new List<string>();
        Deferred d = clock.DeferLater(S(2), static (List<string> s) => s.Add("ran"), seen);
        clock.Advance(S(1));
        NoResult(d);
        clock.Advance(S(1));
        Assert.Equal(new[] { "ran" }, seen);
        Assert.Null(SuccessOf(d));
    }

    [Fact]
    public void AnActionThatThrowsFailsTheDeferredAndOneCancelledNeverRuns()
    {
        var clock = new Clock();
        Deferred failing = clock.DeferLater(S(1), static (int _) => throw new TestException(), 0);
        var ran = new List<int>();
        Deferred cancelled = clock.DeferLater(S(1), static (List<int> r) => r.Add(1), ran);
        cancelled.Cancel();
        clock.Advance(S(1));
        FailureOf<TestException>(failing);
        FailureOf<CancelledException>(cancelled);
        Assert.Empty(ran);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var clock = new Clock();
        Assert.Throws<ArgumentNullException>(() => ((IReactorTime)null!).DeferLater(S(1), static (int x) => x, 0));
        Assert.Throws<ArgumentNullException>(() => clock.DeferLater(S(1), (Func<int, int>)null!, 0));
        Assert.Throws<ArgumentNullException>(() => clock.DeferLater(S(1), (Func<int, Deferred<int>>)null!, 0));
        Assert.Throws<ArgumentNullException>(() => clock.DeferLater(S(1), (Action<int>)null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.DeferLater(S(-1), static (int x) => x, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.DeferLater(S(-1), static (int _) => { }, 0));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void TheStateFormAllocatesLessThanTheClosureForm()
    {
        // On a running reactor the state form is two objects (the Deferred and the delayed call); on
        // a Clock, whose state-passing CallLater wraps a closure, it still saves the timer Deferred,
        // the transfer step and the closures of the closure form.
        var clock = new Clock();
        long state = Measure(() => clock.DeferLater(S(1), static x => x + 1, 1));
        int captured = 1;
        long closure = Measure(() => clock.DeferLater(S(1), () => captured + 1));
        Assert.True(state < closure, $"state form {state} B, closure form {closure} B");
        clock.Advance(S(1));
    }

    private static long Measure(Func<Deferred> start)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(start());
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }
}
