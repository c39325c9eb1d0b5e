using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

/// <summary>
/// <c>Deferred&lt;T&gt;.AddErrback(Func&lt;Failure, Failure&gt;)</c>: an errback that returns a failure passes
/// it on and keeps the typed handle (Twisted's errback returning its failure), instead of binding to
/// the untyped overload and retiring the handle.
/// </summary>
public class TypedFailurePassingErrbackTests
{
    [Fact]
    public void ReturningTheFailureKeepsTheTypedHandle()
    {
        var d = new Deferred<int>();
        Deferred<int> same = d.AddErrback(f => f);
        Assert.Same(d, same);

        // The handle is not retired: typed steps can still be added to it.
        d.AddCallback(x => x + 1);
        d.Callback(41);
        Assert.Equal(42, d.Result);
    }

    [Fact]
    public void ValuesPassTheStepUntouched()
    {
        var d = new Deferred<string>();
        bool ran = false;
        d.AddErrback(f => { ran = true; return f; });
        d.Callback("value");
        Assert.False(ran);
        Assert.Equal("value", d.Result);
    }

    [Fact]
    public void ThePassedFailureKeepsItsIdentityAndReachesTheNextErrback()
    {
        var d = new Deferred<int>();
        var error = new ValueErrorException("bad");
        var seen = new List<string>();
        Failure? first = null;
        Failure? second = null;
        d.AddErrback(f => { first = f; seen.Add("log:" + f.Type.Name); return f; })
            .AddCallback(x => { seen.Add("callback"); return x; })
            .AddErrback(f => { second = f; seen.Add("recover"); return -1; });
        d.Errback(error);

        Assert.Equal(new[] { "log:ValueErrorException", "recover" }, seen);
        Assert.Same(first, second);
        Assert.Same(error, second!.Value);
        Assert.Equal(-1, d.Result);
    }

    [Fact]
    public void AReplacementFailureContinuesTheChainAndNamesTheErrbackOnItsRoute()
    {
        var d = new Deferred<int>();
        var replacement = new Failure(new TimeoutException("replaced"));
        Failure? seen = null;
        d.AddErrback(_ => replacement);
        d.AddErrback(f => { seen = f; return 0; });
        d.Errback(new ValueErrorException());

        Assert.Same(replacement, seen);
        Assert.Contains(replacement.Route, step => step.StartsWith("returned by", StringComparison.Ordinal));
    }

    [Fact]
    public void ThrowingFromTheErrbackFailsTheChainWithTheThrownException()
    {
        var d = new Deferred<int>();
        d.AddErrback(new Func<Failure, Failure>(_ => throw new KeyErrorException("thrown")));
        d.AddErrback(f => f.Check<KeyErrorException>() ? 7 : 8);
        d.Errback(new ValueErrorException());
        Assert.Equal(7, d.Result);
    }

    [Fact]
    public void ReturningNullFailsTheChainWithAClearError()
    {
        var d = new Deferred<int>();
        Failure? seen = null;
        d.AddErrback(new Func<Failure, Failure>(_ => null!)); // a bare "_ => null!" binds to the Deferred-returning overload
        d.AddErrback(f => { seen = f; return 0; });
        d.Errback(new ValueErrorException());

        var error = Assert.IsType<InvalidOperationException>(seen!.Value);
        Assert.Contains("returned a null Failure", error.Message);
    }

    [Fact]
    public void ADeferredThatEndsFailedRethrowsThePassedExceptionFromResult()
    {
        var d = new Deferred<int>();
        var error = new ValueErrorException("kept");
        d.AddErrback(f => f);
        d.Errback(error);

        Assert.True(d.IsFailed);
        Assert.Same(error, Assert.Throws<ValueErrorException>(() => d.Result));
        d.AddErrback(_ => 0); // handled: no unhandled-failure report
    }

    [Fact]
    public void AddedAfterFiringRunsAtOnce()
    {
        var d = Deferred.Fail<int>(new ValueErrorException());
        int calls = 0;
        d.AddErrback(f => { calls++; return f; });
        Assert.Equal(1, calls);
        Assert.True(d.IsFailed);
        d.AddErrback(_ => 0);
        Assert.Equal(0, d.Result);
    }

    [Fact]
    public void OnADeferredOfObjectReturningTheFailurePassesItOnInsteadOfRecoveringWithIt()
    {
        // Func<Failure, Failure> is a better conversion than Func<Failure, object>, so a returned
        // Failure is never taken as the chain's new value.
        var d = new Deferred<object>();
        Failure? seen = null;
        d.AddErrback(f => f);
        d.AddErrback(f => { seen = f; return "recovered"; });
        d.Errback(new ValueErrorException());
        Assert.NotNull(seen);
        Assert.Equal("recovered", d.Result);
    }

    [Fact]
    public void TheNullCheckNamesTheParameter()
    {
        var d = new Deferred<int>();
        var error = Assert.Throws<ArgumentNullException>(() => d.AddErrback((Func<Failure, Failure>)null!));
        Assert.Equal("errback", error.ParamName);
    }
}
