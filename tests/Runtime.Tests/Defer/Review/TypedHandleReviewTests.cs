using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer.Review;

/// <summary>Typed handles: cancelling through a derived handle, ChainDeferred into handles.</summary>
public class TypedHandleReviewTests
{
    [Fact]
    public void CancelThroughDerivedHandleWhileSourcePausedRunsTheTypeChangingErrbackAfterUnpause()
    {
        // Twisted (one object): d.pause(); d.addCallbacks(cb, eb); d.cancel(); d.unpause()
        // -> eb runs with CancelledError and recovers.
        var source = new Deferred<int>();
        source.Pause();
        Deferred<string> derived = source.AddCallbacks(value => "value", failure => "recovered");
        derived.Cancel();
        source.Unpause();
        Assert.Equal("recovered", derived.Result);
    }

    [Fact]
    public void CancelThroughDerivedHandleOfAnAsyncMethodThatCatchesTheCancellationDeliversItsResult()
    {
        // docs/deferreds.md: the cancellation is raised at the await, where the method may catch
        // it and go on. The derived handle must get what the method finally returns.
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        Deferred<string> derived = CatchAndGoOn(first, second).AddCallback(value => "got " + value);
        derived.Cancel();
        Assert.False(derived.Called);
        second.Callback(5);
        Assert.Equal("got 5", derived.Result);
    }

    [Fact]
    public void FailureOfAnAsyncMethodAfterItsDerivedHandleWasCancelledIsNotLost()
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        var seen = new List<Type>();
        Deferred<string> derived = FailAfterCatching(first, second).AddCallback(value => "got " + value);
        derived.AddErrback(failure =>
        {
            seen.Add(failure.Type);
            return "handled";
        });
        derived.Cancel();
        second.Callback(5);
        Assert.Contains(typeof(TimeoutException), seen);
    }

    [Fact]
    public void ChainDeferredIntoADerivedHandleIsRefused()
    {
        var root = new Deferred<int>();
        Deferred<string> derived = root.AddCallback(value => "from root " + value);
        var other = new Deferred<string>();
        Assert.Throws<InvalidOperationException>(() => other.ChainDeferred(derived));
    }

    private static async Deferred<int> CatchAndGoOn(Deferred<int> first, Deferred<int> second)
    {
        try
        {
            await first;
        }
        catch (CancelledException)
        {
        }

        return await second;
    }

    private static async Deferred<int> FailAfterCatching(Deferred<int> first, Deferred<int> second)
    {
        try
        {
            await first;
        }
        catch (CancelledException)
        {
        }

        await second;
        throw new TimeoutException("late failure");
    }
}
