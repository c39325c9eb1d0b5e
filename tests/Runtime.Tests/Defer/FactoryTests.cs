using System;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer;

public class FactoryTests
{
    [Fact]
    public void SucceedIsAlreadyFiredWithTheValue()
    {
        var d = Deferred.Succeed(3);
        Assert.True(d.Called);
        Assert.Equal(3, d.Result);
    }

    [Fact]
    public void FailIsAlreadyFailed()
    {
        var d = Deferred.Fail(new KeyErrorException());
        Assert.True(d.IsFailed);
        Assert.IsType<Failure>(d.Result);
        d.AddErrback(_ => null);
    }

    [Fact]
    public void ExecuteCapturesTheValueOrTheException()
    {
        Assert.Equal(4, Deferred.Execute(() => 2 + 2).Result);
        var failed = Deferred.Execute<int>(() => throw new ValueErrorException());
        Assert.True(failed.IsFailed);
        failed.AddErrback(_ => 0);
    }

    [Fact]
    public void ExecuteDoesNotUnwrapAReturnedDeferred()
    {
        var inner = new Deferred();
        Assert.Same(inner, Deferred.Execute<Deferred>(() => inner).Result);
    }

    [Fact]
    public void MaybeDeferredReturnsAReturnedDeferredAsItIs()
    {
        var inner = new Deferred<int>();
        Assert.Same(inner, Deferred.MaybeDeferred(() => inner));
    }

    [Fact]
    public void MaybeDeferredWrapsValuesFailuresAndExceptions()
    {
        Assert.Equal("v", Deferred.MaybeDeferred(() => (object?)"v").Result);
        var fromFailure = Deferred.MaybeDeferred(() => (object?)new Failure(new KeyErrorException()));
        Assert.True(fromFailure.IsFailed);
        fromFailure.AddErrback(_ => null);
        var fromThrow = Deferred.MaybeDeferred((Func<object?>)(() => throw new ValueErrorException()));
        Assert.True(fromThrow.IsFailed);
        fromThrow.AddErrback(_ => null);
    }

    [Fact]
    public void MaybeDeferredWaitsOnAReturnedTask()
    {
        var source = new TaskCompletionSource<int>();
        Deferred<int> d = Deferred.MaybeDeferred(() => source.Task);
        Assert.False(d.Called);
        source.SetResult(5);
        Assert.Equal(5, d.Result);
    }

    [Fact]
    public void DebuggingAddsCreatorAndInvokerToAlreadyCalled()
    {
        Deferred.Debugging = true;
        try
        {
            var d = new Deferred();
            d.Callback(1);
            var error = Assert.Throws<AlreadyCalledException>(() => d.Callback(2));
            Assert.Contains(" C:", error.Message);
            Assert.Contains(" I:", error.Message);
        }
        finally
        {
            Deferred.Debugging = false;
        }
    }
}
