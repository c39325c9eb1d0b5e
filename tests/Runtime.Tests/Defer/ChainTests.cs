using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

public class ChainTests
{
    [Fact]
    public void CallbacksRunInTheOrderAddedEachGettingThePreviousResult()
    {
        var seen = new List<string>();
        var d = new Deferred();
        d.AddCallback(x => { seen.Add("a:" + x); return (int)x! + 1; });
        d.AddCallback(x => { seen.Add("b:" + x); return (int)x! * 10; });
        d.Callback(1);
        Assert.Equal(new[] { "a:1", "b:2" }, seen);
        Assert.Equal(20, d.Result);
    }

    [Fact]
    public void CallbackAddedAfterFiringRunsImmediately()
    {
        var d = Deferred.Succeed((object?)5);
        object? got = null;
        d.AddCallback(x => got = x);
        Assert.Equal(5, got);
    }

    [Fact]
    public void AddMethodsReturnTheSameDeferredForFluentChaining()
    {
        var d = new Deferred();
        Assert.Same(d, d.AddCallback(x => x));
        Assert.Same(d, d.AddErrback(f => f));
        Assert.Same(d, d.AddBoth(x => x));
        Assert.Same(d, d.AddCallbacks(x => x, f => f));
    }

    [Fact]
    public void ThrowingCallbackSwitchesToTheErrbackPath()
    {
        var d = new Deferred();
        Failure? caught = null;
        bool secondCallbackRan = false;
        d.AddCallback(_ => throw new ValueErrorException("boom"))
            .AddCallback(x => { secondCallbackRan = true; return x; })
            .AddErrback(f => { caught = f; return "recovered"; });
        d.Callback(1);
        Assert.False(secondCallbackRan);
        Assert.IsType<ValueErrorException>(caught!.Value);
        Assert.Equal("recovered", d.Result);
    }

    [Fact]
    public void ErrbackReturningAValueRecoversToTheCallbackPath()
    {
        var d = new Deferred();
        object? got = null;
        d.AddErrback(_ => 42).AddCallback(x => got = x);
        d.Errback(new ValueErrorException());
        Assert.Equal(42, got);
    }

    [Fact]
    public void ErrbackReturningTheFailureKeepsTheFailurePath()
    {
        var d = new Deferred();
        var order = new List<string>();
        d.AddErrback(f => { order.Add("eb1"); return f; })
            .AddCallback(x => { order.Add("cb"); return x; })
            .AddErrback(f => { order.Add("eb2"); return null; });
        d.Errback(new ValueErrorException());
        Assert.Equal(new[] { "eb1", "eb2" }, order);
    }

    [Fact]
    public void CallbackReturningAFailureSwitchesToTheErrbackPath()
    {
        var d = new Deferred();
        Failure? got = null;
        d.AddCallback(_ => new Failure(new KeyErrorException())).AddErrback(f => { got = f; return null; });
        d.Callback(1);
        Assert.IsType<KeyErrorException>(got!.Value);
    }

    [Fact]
    public void CallbackWithAFailureActsAsErrback()
    {
        var d = new Deferred();
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        var failure = new Failure(new ValueErrorException());
        d.Callback(failure);
        Assert.Same(failure, got);
    }

    [Fact]
    public void AddBothGetsValuesAndFailures()
    {
        var seen = new List<object?>();
        var ok = new Deferred();
        ok.AddBoth(x => { seen.Add(x); return null; });
        ok.Callback("v");
        var bad = new Deferred();
        bad.AddBoth(x => { seen.Add(x); return null; });
        bad.Errback(new ValueErrorException());
        Assert.Equal("v", seen[0]);
        Assert.IsType<Failure>(seen[1]);
    }

    [Fact]
    public void ActionCallbackMakesTheNextResultNull()
    {
        var d = new Deferred();
        object? next = "unset";
        d.AddCallback((object? _) => { }).AddCallback(x => next = x);
        d.Callback(3);
        Assert.Null(next);
    }

    [Fact]
    public void SecondCallbackThrowsAlreadyCalled()
    {
        var d = new Deferred();
        d.Callback(1);
        Assert.Throws<AlreadyCalledException>(() => d.Callback(2));
        Assert.Throws<AlreadyCalledException>(() => d.Errback(new ValueErrorException()));
    }

    [Fact]
    public void FiringWithADeferredIsRejectedAsAProgrammingError()
    {
        var d = new Deferred();
        Assert.Throws<ArgumentException>(() => d.Callback(new Deferred()));
        Assert.False(d.Called);
    }

    [Fact]
    public void CallbackAddedDuringACallbackRunsAfterItInOrder()
    {
        var d = new Deferred();
        var order = new List<string>();
        d.AddCallback(x =>
        {
            order.Add("first");
            d.AddCallback(y => { order.Add("added-inside"); return y; });
            order.Add("first-done");
            return x;
        });
        d.AddCallback(x => { order.Add("second"); return x; });
        d.Callback(0);
        Assert.Equal(new[] { "first", "first-done", "second", "added-inside" }, order);
    }

    [Fact]
    public void ResultIsUnavailableBeforeFiring()
    {
        var d = new Deferred();
        Assert.False(d.HasResult);
        Assert.Throws<InvalidOperationException>(() => d.Result);
    }

    [Fact]
    public void ToStringDescribesStateLikeTwisted()
    {
        var d = new Deferred();
        Assert.Matches("^<Deferred at 0x[0-9a-f]+>$", d.ToString());
        d.Callback(7);
        Assert.Matches("^<Deferred at 0x[0-9a-f]+ current result: 7>$", d.ToString());
        var outer = new Deferred();
        var inner = new Deferred();
        outer.AddCallback(_ => inner);
        outer.Callback(null);
        Assert.Matches("^<Deferred at 0x[0-9a-f]+ waiting on Deferred at 0x[0-9a-f]+>$", outer.ToString());
        inner.Callback(1);
    }
}
