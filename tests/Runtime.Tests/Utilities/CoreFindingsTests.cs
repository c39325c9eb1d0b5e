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
}
