using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer.Review;

/// <summary>
/// The tail-call queue (ResolveAsTail / RunOrQueueAsTail / RunContinuation): a Deferred fired as a
/// tail call must end up exactly where a nested run would have left it.
/// </summary>
public class TailQueueReviewTests
{
    [Fact]
    public void TwoMethodsCompletedInOneContinuationBothRunTheirCallbacksEvenWhenTheFirstWaits()
    {
        // Outer resumes inside gate's chain (a continuation, with a tail queue). It completes a
        // task Inner awaits, so Inner resumes inline and finishes (first tail), then Outer finishes
        // (second tail). Inner's Deferred has a callback that waits on a Deferred that never fires:
        // that must hold up Inner's chain only, never Outer's.
        SynchronizationContext? saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var gate = new Deferred();
            var never = new Deferred<int>();
            var source = new TaskCompletionSource<int>();
            Deferred<int> inner = Inner(source.Task);
            inner.AddCallback(_ => never); // Func<int, Deferred<int>>: inner itself waits
            Deferred<int> outer = Outer(gate, source);
            var outerResults = new List<int>();
            outer.AddCallback(value => outerResults.Add(value));

            gate.Callback(null);

            Assert.True(outer.Called);
            Assert.Equal(new[] { 7 }, outerResults);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    [Fact]
    public void MethodCompletedInsideAContinuationHasRunItsCallbacksWhenControlReturnsToTheContinuation()
    {
        // Running nested, Inner's callbacks run inside source.SetResult; queued as a tail they would
        // run only after Outer's continuation returns, which Outer can observe.
        SynchronizationContext? saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var gate = new Deferred();
            var source = new TaskCompletionSource<int>();
            Deferred<int> inner = Inner(source.Task);
            bool innerCallbackRan = false;
            inner.AddCallback(value =>
            {
                innerCallbackRan = true;
                return value;
            });
            bool? seenByOuter = null;
            Deferred observer = Observe(gate, source, () => innerCallbackRan, seen => seenByOuter = seen);

            gate.Callback(null);

            Assert.True(observer.Called);
            Assert.True(seenByOuter);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    private static async Deferred<int> Inner(Task<int> task) => await task;

    private static async Deferred<int> Outer(Deferred gate, TaskCompletionSource<int> source)
    {
        await gate;
        source.SetResult(1);
        return 7;
    }

    private static async Deferred Observe(Deferred gate, TaskCompletionSource<int> source, Func<bool> probe, Action<bool> report)
    {
        await gate;
        source.SetResult(1);
        report(probe());
    }
}

/// <summary>The runner's handling of several tails fired by one continuation (internal hooks).</summary>
public class TailQueueInternalReviewTests
{
    [Fact]
    public void SecondTailOfAContinuationRunsEvenWhenTheFirstTailWaitsOnAnUnfiredDeferred()
    {
        var observed = new Deferred();
        var first = new Deferred();
        var second = new Deferred();
        var never = new Deferred();
        first.AddCallback(_ => never);
        var secondResults = new List<object?>();
        second.AddCallback(value => secondResults.Add(value));
        observed.AddContinuation(() =>
        {
            first.ResolveAsTail(1);
            second.ResolveAsTail(2);
        });

        observed.Callback(null);

        Assert.Equal(new object?[] { 2 }, secondResults);
        Assert.False(first.HasResult); // still waiting on `never`, as a nested run leaves it
    }

    [Fact]
    public void TailsOfOneContinuationRunInTheOrderFired()
    {
        var observed = new Deferred();
        var order = new List<string>();
        var a = new Deferred();
        var b = new Deferred();
        var c = new Deferred();
        a.AddCallback(_ => order.Add("a"));
        b.AddCallback(_ => order.Add("b"));
        c.AddCallback(_ => order.Add("c"));
        observed.AddContinuation(() =>
        {
            a.ResolveAsTail(null);
            b.ResolveAsTail(null);
            c.ResolveAsTail(null);
        });
        observed.AddCallback(_ => order.Add("observed"));

        observed.Callback(null);

        Assert.Equal(new[] { "a", "b", "c", "observed" }, order);
    }
}
