using System;

namespace Torsion.Tests.Defer;

public class CancelTests
{
    [Fact]
    public void CancelWithoutCancellerFailsWithCancelledException()
    {
        var d = new Deferred();
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        d.Cancel();
        Assert.IsType<CancelledException>(got!.Value);
    }

    [Fact]
    public void CancelWithoutCancellerSwallowsExactlyOneLateResult()
    {
        var d = new Deferred();
        d.AddErrback(_ => null);
        d.Cancel();
        d.Callback("late"); // swallowed
        Assert.Throws<AlreadyCalledException>(() => d.Callback("later"));
    }

    [Fact]
    public void CancelWithoutCancellerSwallowsALateErrbackToo()
    {
        var d = new Deferred();
        d.AddErrback(_ => null);
        d.Cancel();
        d.Errback(new ValueErrorException());
        Assert.Throws<AlreadyCalledException>(() => d.Errback(new ValueErrorException()));
    }

    [Fact]
    public void CancellerThatFiresDecidesTheResult()
    {
        var d = new Deferred(self => self.Callback("from canceller"));
        d.Cancel();
        Assert.Equal("from canceller", d.Result);
    }

    [Fact]
    public void CancellerThatDoesNotFireIsFollowedByCancelledException()
    {
        int calls = 0;
        var d = new Deferred(_ => calls++);
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        d.Cancel();
        Assert.Equal(1, calls);
        Assert.IsType<CancelledException>(got!.Value);
    }

    [Fact]
    public void WithACancellerThereIsNoSwallowing()
    {
        var d = new Deferred(_ => { });
        d.AddErrback(_ => null);
        d.Cancel();
        Assert.Throws<AlreadyCalledException>(() => d.Callback("late"));
    }

    [Fact]
    public void CancellerIsCalledAtMostOnceWhenItReturns()
    {
        int calls = 0;
        var d = new Deferred(_ => calls++);
        d.AddErrback(_ => null);
        d.Cancel();
        d.Cancel();
        Assert.Equal(1, calls);
    }

    [Fact]
    public void CancelOfAFiredDeferredDoesNothing()
    {
        var d = Deferred.Succeed((object?)1);
        d.Cancel();
        Assert.Equal(1, d.Result);
    }

    [Fact]
    public void CancelOfADeferredWaitingOnAChainedOneCancelsTheInnerOnly()
    {
        bool outerCancellerCalled = false;
        var outer = new Deferred(_ => outerCancellerCalled = true);
        var inner = new Deferred();
        Failure? got = null;
        outer.AddCallback(_ => inner).AddErrback(f => { got = f; return null; });
        outer.Callback(null);
        outer.Cancel();
        Assert.False(outerCancellerCalled);
        Assert.True(inner.Called);
        Assert.IsType<CancelledException>(got!.Value);
    }

    [Fact]
    public void CancellerExceptionPropagatesToTheCaller()
    {
        var d = new Deferred(_ => throw new KeyErrorException());
        Assert.Throws<KeyErrorException>(() => d.Cancel());
    }

    [Fact]
    public void CancellerThatThrowsLeavesTheDeferredUnfiredAndIsCalledAgain()
    {
        int calls = 0;
        var d = new Deferred(_ =>
        {
            calls++;
            throw new KeyErrorException();
        });
        Assert.Throws<KeyErrorException>(() => d.Cancel());
        Assert.False(d.Called);
        Assert.Throws<KeyErrorException>(() => d.Cancel());
        Assert.Equal(2, calls);
        d.Callback("still usable");
        Assert.Equal("still usable", d.Result);
    }

    [Fact]
    public void CancellingATypeChangedHandleCancelsTheWholeChain()
    {
        var source = new Deferred<int>();
        Deferred<string> derived = source.AddCallback(x => x.ToString());
        Failure? got = null;
        derived.AddErrback(f => { got = f; return "handled"; });
        derived.Cancel();
        Assert.True(source.Called);
        Assert.IsType<CancelledException>(got!.Value);
        Assert.Equal("handled", derived.Result);
    }
}
