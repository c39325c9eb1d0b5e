using System;
using System.Collections.Generic;
using System.Linq;

namespace Torsion.Tests.Defer;

/// <summary>Callbacks with an extra argument: Twisted's addCallback(f, *args).</summary>
public class BoundCallbackTests
{
    private static string Label(int value, string prefix) => prefix + value;

    [Fact]
    public void UntypedCallbackGetsTheValueAndTheExtraArgument()
    {
        var d = new Deferred();
        d.AddCallback(static (x, add) => (int)x! + add, 10);
        d.Callback(5);
        Assert.Equal(15, d.Result);
    }

    [Fact]
    public void UntypedErrbackGetsTheFailureAndTheExtraArgumentAndRecovers()
    {
        var d = new Deferred();
        d.AddErrback(static (f, fallback) => f.Check(typeof(ValueErrorException)) is null ? f : fallback, "fallback");
        d.Errback(new ValueErrorException());
        Assert.Equal("fallback", d.Result);
    }

    [Fact]
    public void UntypedErrbackWithExtraArgumentIsSkippedOnSuccess()
    {
        var d = Deferred.Succeed((object?)"value");
        bool ran = false;
        d.AddErrback((f, _) => { ran = true; return f; }, 1);
        Assert.False(ran);
        Assert.Equal("value", d.Result);
    }

    [Fact]
    public void UntypedAddCallbacksPassesTheSameArgumentToWhicheverRuns()
    {
        var seen = new List<string>();
        var ok = new Deferred();
        ok.AddCallbacks((x, tag) => { seen.Add(tag + ":value:" + x); return x; }, (f, tag) => { seen.Add(tag + ":failure"); return f; }, "a");
        ok.Callback(1);

        var bad = new Deferred();
        bad.AddCallbacks((x, tag) => { seen.Add(tag + ":value:" + x); return x; }, (f, tag) => { seen.Add(tag + ":failure"); return null; }, "b");
        bad.Errback(new ValueErrorException());

        Assert.Equal(new[] { "a:value:1", "b:failure" }, seen);
    }

    [Fact]
    public void UntypedAddCallbacksWithNullCallbackPassesValuesOn()
    {
        var d = Deferred.Succeed((object?)3);
        d.AddCallbacks<int>(null, (f, _) => f, 0);
        Assert.Equal(3, d.Result);
    }

    [Fact]
    public void UntypedBothGetsValueOrFailureAndTheExtraArgument()
    {
        var seen = new List<object?>();
        Deferred.Succeed((object?)1).AddBoth((r, tag) => { seen.Add(tag + ":" + r); return null; }, "ok");
        Deferred.Fail(new ValueErrorException("bad")).AddBoth((r, tag) => { seen.Add(tag + ":" + ((Failure)r!).GetErrorMessage()); return null; }, "err");
        Assert.Equal(new object?[] { "ok:1", "err:bad" }, seen);
    }

    [Fact]
    public void TypedCallbackKeepingTheTypeReturnsTheSameHandle()
    {
        var d = new Deferred<int>();
        Deferred<int> same = d.AddCallback(static (x, factor) => x * factor, 3);
        Assert.Same(d, same);
        d.Callback(7);
        Assert.Equal(21, d.Result);
    }

    [Fact]
    public void TypedCallbackChangingTheTypeContinuesUnderANewHandleAndRetiresTheOld()
    {
        var d = new Deferred<int>();
        Deferred<string> labelled = d.AddCallback(Label, "n=");
        d.Callback(4);
        Assert.Equal("n=4", labelled.Result);
        Assert.Throws<InvalidOperationException>(() => d.AddCallback(x => x));
    }

    [Fact]
    public void TypedCallbackReturningADeferredOfTheSameTypeIsWaitedOn()
    {
        var inner = new Deferred<int>();
        var d = Deferred.Succeed(1);
        d.AddCallback(static (_, wait) => wait, inner);
        Assert.False(d.HasResult);
        inner.Callback(42);
        Assert.Equal(42, d.Result);
    }

    [Fact]
    public void TypedCallbackReturningADeferredOfAnotherTypeIsWaitedOnUnderTheNewHandle()
    {
        var inner = new Deferred<string>();
        Deferred<string> next = Deferred.Succeed(1).AddCallback(static (_, wait) => wait, inner);
        Assert.False(next.HasResult);
        inner.Callback("done");
        Assert.Equal("done", next.Result);
    }

    [Fact]
    public void TypedErrbackWithExtraArgumentRecoversWithAValue()
    {
        var d = Deferred.Fail<int>(new ValueErrorException());
        d.AddErrback(static (f, fallback) => { f.Trap<ValueErrorException>(); return fallback; }, -1);
        Assert.Equal(-1, d.Result);
    }

    [Fact]
    public void TypedErrbackWithExtraArgumentReturningADeferredIsWaitedOn()
    {
        var inner = new Deferred<int>();
        var d = Deferred.Fail<int>(new ValueErrorException());
        d.AddErrback(static (_, wait) => wait, inner);
        Assert.False(d.HasResult);
        inner.Callback(9);
        Assert.Equal(9, d.Result);
    }

    [Fact]
    public void TypedAddCallbacksPassesTheArgumentToTheErrbackOnFailure()
    {
        var d = Deferred.Fail<int>(new ValueErrorException());
        d.AddCallbacks(static (x, offset) => x + offset, static (_, offset) => -offset, 5);
        Assert.Equal(-5, d.Result);
    }

    [Fact]
    public void TypedBothGetsValueOrFailureAndTheExtraArgument()
    {
        var ok = Deferred.Succeed(2).AddBoth(static (value, failure, bonus) => failure is null ? value + bonus : -1, 100);
        var bad = Deferred.Fail<int>(new ValueErrorException()).AddBoth(static (value, failure, bonus) => failure is null ? value + bonus : -bonus, 100);
        Assert.Equal(102, ok.Result);
        Assert.Equal(-100, bad.Result);
    }

    [Fact]
    public void AValueTypeArgumentIsPassedByValueAsItWasWhenAdded()
    {
        var d = new Deferred<int>();
        int argument = 1;
        d.AddCallback(static (x, a) => x + a, argument);
        argument = 1000;
        d.Callback(0);
        Assert.Equal(1, d.Result);
    }

    [Fact]
    public void NullFunctionsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Deferred().AddCallback((Func<object?, int, object?>)null!, 1));
        Assert.Throws<ArgumentNullException>(() => new Deferred().AddErrback((Func<Failure, int, object?>)null!, 1));
        Assert.Throws<ArgumentNullException>(() => new Deferred().AddBoth((Func<object?, int, object?>)null!, 1));
        Assert.Throws<ArgumentNullException>(() => new Deferred<int>().AddCallback((Func<int, int, int>)null!, 1));
        Assert.Throws<ArgumentNullException>(() => new Deferred<int>().AddErrback((Func<Failure, int, int>)null!, 1));
        Assert.Throws<ArgumentNullException>(() => new Deferred<int>().AddBoth((Func<int, Failure?, int, int>)null!, 1));
    }

    [Fact]
    public void AFailureRaisedInABoundCallbackNamesTheUsersFunctionNotTheAdapter()
    {
        Failure? failure = null;
        Deferred.Succeed(1)
            .AddCallback(ExplodingCallback, "x")
            .AddErrback(f => { failure = f; return 0; });
        string route = string.Join("\n", failure!.Route);
        Assert.Contains(nameof(BoundCallbackTests) + "." + nameof(ExplodingCallback), route);
        Assert.DoesNotContain("Torsion.Bound", route);
    }

    private static int ExplodingCallback(int value, string state) => throw new ValueErrorException(state);

    [Fact]
    public void AFailureRaisedInATypedAddBothFunctionNamesThatFunction()
    {
        Failure? failure = null;
        Deferred.Succeed(1)
            .AddBoth(ExplodingBoth)
            .AddErrback(f => { failure = f; return 0; });
        Assert.EndsWith(nameof(BoundCallbackTests) + "." + nameof(ExplodingBoth), failure!.Route[0]);
    }

    [Fact]
    public void AnUntypedAddBothFunctionGetsTheFailureAndANewFailureRaisedInItNamesIt()
    {
        object? seen = null;
        Failure? failure = null;
        Deferred.Fail(new KeyErrorException())
            .AddBoth(result => { seen = result; return ExplodingUntyped(result); })
            .AddErrback(f => { failure = f; return null; });
        Assert.IsType<KeyErrorException>(Assert.IsType<Failure>(seen).Value);
        Assert.IsType<ValueErrorException>(failure!.Value);
        Assert.DoesNotContain("Torsion.Deferred", string.Join("\n", failure.Route));
    }

    private static int ExplodingBoth(int value, Failure? failure) => throw new ValueErrorException("both");

    private static object? ExplodingUntyped(object? result) => throw new ValueErrorException("untyped both");
}
