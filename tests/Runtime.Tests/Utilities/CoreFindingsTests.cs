namespace Torsion.Tests.Utilities;

/// <summary>Behaviours of the Deferred core found while building the utilities.</summary>
public class CoreFindingsTests
{
    [Fact]
    public void MaybeDeferredOfALambdaReturningAnUntypedDeferredReturnsThatDeferred()
    {
        var inner = new Deferred();
        Deferred result = Deferred.MaybeDeferred(() => inner);
        Assert.Same(inner, result);
    }

    [Fact]
    public void ATypedCallbackReturningAnUntypedDeferredWaitsForIt()
    {
        var inner = new Deferred();
        var outer = new Deferred<int>();
        var next = outer.AddCallback(_ => inner);
        outer.Callback(1);
        Assert.False(next.HasResult);
        inner.Callback("done");
        Assert.Equal<object?>("done", next.Result);
    }

    [Fact]
    public void MaybeDeferredOfALambdaReturningADeferredListWaitsForTheListsResult()
    {
        var member = new Deferred();
        var list = new DeferredList(new[] { member });
        Deferred result = Deferred.MaybeDeferred(() => list);
        member.Callback(1);
        Assert.True(result.HasResult);
        Assert.False(result.IsFailed);
        Assert.IsAssignableFrom<System.Collections.Generic.IReadOnlyList<(bool, object?)>>(result.CurrentResultBoxed);
    }

    [Fact]
    public void ATypedCallbackReturningADeferredListWaitsForTheListsResult()
    {
        var member = new Deferred();
        var outer = new Deferred<int>();
        Deferred next = outer.AddCallback(_ => new DeferredList(new[] { member }));
        outer.Callback(1);
        Assert.False(next.HasResult);
        member.Callback(1);
        Assert.IsAssignableFrom<System.Collections.Generic.IReadOnlyList<(bool, object?)>>(next.CurrentResultBoxed);
    }
}
