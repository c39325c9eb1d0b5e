using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

public class ChainingTests
{
    [Fact]
    public void CallbackReturningAnUnfiredDeferredPausesTheChainUntilItFires()
    {
        var outer = new Deferred();
        var inner = new Deferred();
        object? got = null;
        outer.AddCallback(_ => inner).AddCallback(x => got = x);
        outer.Callback("start");
        Assert.Null(got);
        Assert.False(outer.HasResult);
        inner.Callback("inner-result");
        Assert.Equal("inner-result", got);
    }

    [Fact]
    public void ChainedDeferredLeavesTheInnerWithAnEmptyResult()
    {
        var outer = new Deferred();
        var inner = new Deferred();
        outer.AddCallback(_ => inner);
        outer.Callback(null);
        inner.Callback("x");
        Assert.Null(inner.Result);
        Assert.Equal("x", outer.Result);
    }

    [Fact]
    public void CallbackReturningAFiredDeferredStealsItsResult()
    {
        var inner = Deferred.Succeed((object?)"stolen");
        var outer = new Deferred();
        outer.AddCallback(_ => inner);
        outer.Callback(null);
        Assert.Equal("stolen", outer.Result);
        Assert.Null(inner.Result);
    }

    [Fact]
    public void StolenFailureIsNotReportedByTheInnerDeferred()
    {
        using var capture = UnhandledFailures.Capture();
        Run();
        Assert.Empty(capture.Flush());

        static void Run()
        {
            var inner = Deferred.Fail(new ValueErrorException());
            var outer = new Deferred();
            outer.AddCallback(_ => inner).AddErrback(_ => null);
            outer.Callback(null);
        }
    }

    [Fact]
    public void FailureOfTheChainedDeferredGoesDownTheOuterErrbacks()
    {
        var outer = new Deferred();
        var inner = new Deferred();
        Failure? got = null;
        outer.AddCallback(_ => inner).AddErrback(f => { got = f; return null; });
        outer.Callback(null);
        inner.Errback(new KeyErrorException());
        Assert.IsType<KeyErrorException>(got!.Value);
    }

    [Fact]
    public void ErrbackMayReturnADeferredToRecoverLater()
    {
        var outer = new Deferred();
        var inner = new Deferred();
        outer.AddErrback(_ => inner);
        outer.Errback(new ValueErrorException());
        inner.Callback("late recovery");
        Assert.Equal("late recovery", outer.Result);
    }

    [Fact]
    public void CallbackReturningItsOwnDeferredFailsTheChain()
    {
        var d = new Deferred();
        d.AddCallback(_ => d);
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        d.Callback(1);
        Assert.IsType<InvalidOperationException>(got!.Value);
    }

    [Fact]
    public void HundredThousandNestedReturnedDeferredsRunInConstantStack()
    {
        // Each callback returns a Deferred that is itself waiting on the next one; firing the
        // innermost releases them all.
        const int depth = 100_000;
        var first = new Deferred();
        Deferred current = first;
        var innermost = new Deferred();
        var chain = new List<Deferred>(depth);
        for (int i = 0; i < depth; i++)
        {
            var next = new Deferred();
            chain.Add(next);
        }

        for (int i = 0; i < depth; i++)
        {
            Deferred target = i + 1 < depth ? chain[i + 1] : innermost;
            chain[i].AddCallback(_ => target);
        }

        for (int i = 0; i < depth; i++)
        {
            chain[i].Callback(null);
        }

        first.AddCallback(_ => chain[0]);
        first.Callback(null);
        innermost.Callback("bottom");
        Assert.Equal("bottom", first.Result);
    }

    [Fact]
    public void ChainDeferredPassesTheResultOnAndContinuesWithNull()
    {
        var a = new Deferred();
        var b = new Deferred();
        object? bGot = null;
        b.AddCallback(x => bGot = x);
        a.ChainDeferred(b);
        object? aNext = "unset";
        a.AddCallback(x => aNext = x);
        a.Callback("r");
        Assert.Equal("r", bGot);
        Assert.Null(aNext);
    }

    [Fact]
    public void ChainDeferredIsOneWay()
    {
        var a = new Deferred();
        var b = new Deferred();
        a.ChainDeferred(b);
        b.Callback("b-only");
        Assert.False(a.Called);
    }

    [Fact]
    public void ChainDeferredToAnAlreadyFiredDeferredFailsWithAlreadyCalled()
    {
        var a = new Deferred();
        var b = Deferred.Succeed((object?)1);
        Failure? got = null;
        a.ChainDeferred(b).AddErrback(f => { got = f; return null; });
        a.Callback(2);
        Assert.IsType<AlreadyCalledException>(got!.Value);
    }

    [Fact]
    public void HundredThousandLongChainDeferredChainRunsInConstantStack()
    {
        const int length = 100_000;
        var deferreds = new Deferred[length];
        for (int i = 0; i < length; i++)
        {
            deferreds[i] = new Deferred();
        }

        for (int i = 0; i + 1 < length; i++)
        {
            deferreds[i].ChainDeferred(deferreds[i + 1]);
        }

        deferreds[0].Callback("through");
        Assert.Equal("through", deferreds[length - 1].Result);
    }

    [Fact]
    public void ChainDeferredRejectsItself()
    {
        var a = new Deferred();
        Assert.Throws<ArgumentException>(() => a.ChainDeferred(a));
    }

    [Fact]
    public void ChainDeferredRejectsATypedTargetThatCannotHoldTheResults()
    {
        var a = new Deferred();
        var b = new Deferred<int>();
        Assert.Throws<ArgumentException>(() => a.ChainDeferred(b));
    }
}
