using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

public class TypedDeferredTests
{
    [Fact]
    public void SameTypeCallbacksReturnTheSameHandle()
    {
        var d = new Deferred<int>();
        Assert.Same(d, d.AddCallback(x => x + 1));
        d.Callback(1);
        Assert.Equal(2, d.Result);
    }

    [Fact]
    public void TypeChangingCallbackContinuesUnderANewHandle()
    {
        var d = new Deferred<int>();
        Deferred<string> s = d.AddCallback(x => "n=" + x);
        Deferred<int> length = s.AddCallback(text => text.Length);
        d.Callback(42);
        Assert.Equal("n=42".Length, length.Result);
    }

    [Fact]
    public void UsingARetiredHandleThrowsAClearError()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => x.ToString());
        var error = Assert.Throws<InvalidOperationException>(() => d.AddCallback(x => x + 1));
        Assert.Contains("Deferred<String>", error.Message);
    }

    [Fact]
    public void DerivedHandleCannotBeFiredDirectly()
    {
        var d = new Deferred<int>();
        Deferred<string> s = d.AddCallback(x => x.ToString());
        Assert.Throws<InvalidOperationException>(() => s.Callback("x"));
    }

    [Fact]
    public void TypedErrbackRecoversWithAValue()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => x / 0).AddErrback(f => f.Check<DivideByZeroException>() ? -1 : -2);
        d.Callback(1);
        Assert.Equal(-1, d.Result);
    }

    [Fact]
    public void TrapInATypedErrbackPassesOtherFailuresOn()
    {
        var d = new Deferred<int>();
        var seen = new List<string>();
        d.AddErrback(f => { f.Trap<KeyErrorException>(); seen.Add("trapped"); return 0; })
            .AddErrback(f => { seen.Add("second:" + f.Type.Name); return 1; });
        d.Errback(new ValueErrorException());
        Assert.Equal(new[] { "second:ValueErrorException" }, seen);
        Assert.Equal(1, d.Result);
    }

    [Fact]
    public void ResultRethrowsTheFailureWithItsOriginalStackTrace()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => ThrowingHelper(x));
        d.Callback(1);
        var error = Assert.Throws<ValueErrorException>(() => d.Result);
        Assert.Contains(nameof(ThrowingHelper), error.StackTrace);
        d.AddErrback(_ => 0);
    }

    [Fact]
    public void TypedCallbackReturningADeferredChains()
    {
        var inner = new Deferred<string>();
        var d = new Deferred<int>();
        Deferred<string> next = d.AddCallback(_ => inner);
        d.Callback(0);
        Assert.False(next.HasResult);
        inner.Callback("later");
        Assert.Equal("later", next.Result);
    }

    [Fact]
    public void TypedSameTypeBindStealsFiredResults()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => Deferred.Succeed(x * 2));
        d.Callback(21);
        Assert.Equal(42, d.Result);
    }

    [Fact]
    public void ActionCallbackContinuesUntypedWithNull()
    {
        var d = new Deferred<int>();
        int seen = 0;
        Deferred next = d.AddCallback((int x) => { seen = x; });
        d.Callback(9);
        Assert.Equal(9, seen);
        Assert.Null(next.Result);
    }

    [Fact]
    public void UntypedApiOnATypedHandleBoxesAndContinuesUntyped()
    {
        var d = new Deferred<int>();
        Deferred untyped = ((Deferred)d).AddCallback((object? x) => (int)x! + 1);
        d.Callback(1);
        Assert.Equal(2, untyped.Result);
    }

    [Fact]
    public void AddBothGetsValueOrFailure()
    {
        var ok = new Deferred<int>();
        ok.AddBoth((value, failure) => failure is null ? value * 2 : -1);
        ok.Callback(4);
        Assert.Equal(8, ok.Result);
        var bad = new Deferred<int>();
        bad.AddBoth((value, failure) => failure is null ? value : -1);
        bad.Errback(new ValueErrorException());
        Assert.Equal(-1, bad.Result);
    }

    [Fact]
    public void AddFinallyRunsOnBothPathsAndKeepsTheResult()
    {
        int runs = 0;
        var ok = new Deferred<int>();
        ok.AddFinally(() => runs++);
        ok.Callback(3);
        var bad = new Deferred<int>();
        bad.AddFinally(() => runs++).AddErrback(f => f.Check<ValueErrorException>() ? 7 : 0);
        bad.Errback(new ValueErrorException());
        Assert.Equal(2, runs);
        Assert.Equal(3, ok.Result);
        Assert.Equal(7, bad.Result);
    }

    [Fact]
    public void TypedChainDeferredPassesTheValueAndContinuesWithDefault()
    {
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        a.ChainDeferred(b);
        a.Callback(5);
        Assert.Equal(5, b.Result);
        Assert.Equal(0, a.Result);
    }

    [Fact]
    public void FailurePassesThroughATypeChangeWithoutAnErrback()
    {
        var d = new Deferred<int>();
        Deferred<string> s = d.AddCallback(x => x.ToString());
        string? got = null;
        s.AddErrback(f => got = f.Type.Name);
        d.Errback(new KeyErrorException());
        Assert.Equal(nameof(KeyErrorException), got);
    }

    [Fact]
    public void HundredThousandTypeChangesRunInConstantStack()
    {
        var first = new Deferred<int>();
        Deferred<int> current = first;
        for (int i = 0; i < 50_000; i++)
        {
            Deferred<long> widened = current.AddCallback(x => (long)x + 1);
            current = widened.AddCallback(x => (int)x);
        }

        first.Callback(0);
        Assert.Equal(50_000, current.Result);
    }

    private static int ThrowingHelper(int x) => throw new ValueErrorException("from helper " + x);
}
