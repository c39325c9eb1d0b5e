using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer;

public class AwaitTests
{
    [Fact]
    public async Task AwaitingAFiredDeferredGivesItsValue()
    {
        int value = await Deferred.Succeed(5);
        Assert.Equal(5, value);
    }

    [Fact]
    public async Task AwaitingAFailedDeferredRethrowsWithTheOriginalTrace()
    {
        var d = new Deferred<int>();
        _ = d.AddCallback(Explode);
        d.Callback(1);
        var error = await Assert.ThrowsAsync<ValueErrorException>(async () => await d);
        Assert.Contains(nameof(Explode), error.StackTrace);
    }

    [Fact]
    public void AwaitResumesSynchronouslyWhenTheDeferredFires()
    {
        var d = new Deferred<string>();
        var order = new List<string>();
        async Deferred Waiter()
        {
            order.Add("before");
            string s = await d;
            order.Add("after:" + s);
        }

        Deferred done = Waiter();
        order.Add("returned");
        d.Callback("x");
        order.Add("fired");
        Assert.Equal(new[] { "before", "returned", "after:x", "fired" }, order);
        Assert.True(done.HasResult);
    }

    [Fact]
    public void AsyncDeferredMethodStartsEagerlyAndReturnsItsValue()
    {
        static async Deferred<int> Add(Deferred<int> a, Deferred<int> b) => await a + await b;
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        Deferred<int> sum = Add(a, b);
        Assert.False(sum.HasResult);
        a.Callback(1);
        b.Callback(2);
        Assert.Equal(3, sum.Result);
    }

    [Fact]
    public void AsyncDeferredMethodCompletingSynchronouslyIsFiredOnReturn()
    {
        static async Deferred<int> Immediate() => await Deferred.Succeed(3);
        Assert.Equal(3, Immediate().Result);
    }

    [Fact]
    public void ExceptionInAsyncDeferredMethodFailsTheDeferredNotTheCaller()
    {
        static async Deferred<int> Bad()
        {
            await Deferred.Succeed(0);
            throw new KeyErrorException("inside");
        }

        Deferred<int> d = Bad();
        string? got = null;
        d.AddErrback(f => { got = f.GetErrorMessage(); return 0; });
        Assert.Equal("inside", got);
    }

    [Fact]
    public void CancellingAnAsyncDeferredMethodCancelsWhatItAwaitsAndRaisesThere()
    {
        var awaited = new Deferred<int>();
        var log = new List<string>();
        async Deferred<int> Body()
        {
            try
            {
                return await awaited;
            }
            catch (CancelledException)
            {
                log.Add("cancelled at await");
                return -1;
            }
            finally
            {
                log.Add("finally");
            }
        }

        Deferred<int> d = Body();
        d.Cancel();
        Assert.True(awaited.Called);
        Assert.Equal(-1, d.Result);
        Assert.Equal(new[] { "cancelled at await", "finally" }, log);
    }

    [Fact]
    public void AsyncDeferredMethodStaysCancellableAfterCatchingACancel()
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        async Deferred<int> Body()
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

        Deferred<int> d = Body();
        d.Cancel();
        Assert.False(d.Called);
        d.Cancel();
        Assert.True(second.Called);
        Assert.IsType<CancelledException>(Assert.Throws<CancelledException>(() => d.Result));
    }

    [Fact]
    public void TenThousandNestedAsyncDeferredMethodsCompleteWithoutOverflow()
    {
        var bottom = new Deferred<int>();
        async Deferred<int> Level(int n) => n == 0 ? await bottom : await Level(n - 1) + 1;
        Deferred<int> top = Level(10_000);
        bottom.Callback(0);
        Assert.Equal(10_000, top.Result);
    }

    [Fact]
    public async Task FromTaskFiresWithTheTaskResult()
    {
        var source = new TaskCompletionSource<int>();
        Deferred<int> d = Deferred.FromTask(source.Task);
        Assert.False(d.Called);
        source.SetResult(8);
        await Task.Yield();
        Assert.Equal(8, await d.AsTask());
    }

    [Fact]
    public void FromTaskOfAFaultedTaskFailsWithItsException()
    {
        var d = Deferred.FromTask(Task.FromException<int>(new KeyErrorException()));
        Assert.Throws<KeyErrorException>(() => d.Result);
        d.AddErrback(_ => 0);
    }

    [Fact]
    public void FromTaskOfACancelledTaskFailsWithCancelledException()
    {
        var d = Deferred.FromTask(Task.FromCanceled<int>(new CancellationToken(true)));
        Assert.Throws<CancelledException>(() => d.Result);
        d.AddErrback(_ => 0);
    }

    [Fact]
    public void CancellingAFromTaskDeferredCancelsTheToken()
    {
        CancellationToken seen = default;
        var gate = new TaskCompletionSource<int>();
        Deferred<int> d = Deferred.FromTask(token =>
        {
            seen = token;
            return gate.Task;
        });
        d.Cancel();
        Assert.True(seen.IsCancellationRequested);
        Assert.Throws<CancelledException>(() => d.Result);
        gate.SetResult(1); // late result is dropped
        d.AddErrback(_ => 0);
    }

    [Fact]
    public async Task AsTaskCompletesWithTheValue()
    {
        var d = new Deferred<string>();
        Task<string> task = d.AsTask();
        d.Callback("done");
        Assert.Equal("done", await task);
        Assert.Equal("done", d.Result);
    }

    [Fact]
    public async Task AsTaskOfAFailureFaultsTheTask()
    {
        var d = new Deferred<int>();
        Task<int> task = d.AsTask();
        d.Errback(new ValueErrorException());
        await Assert.ThrowsAsync<ValueErrorException>(() => task);
    }

    [Fact]
    public async Task AsTaskOfACancelledDeferredIsCancelled()
    {
        var d = new Deferred<int>();
        Task<int> task = d.AsTask();
        d.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public void CancellingTheTokenGivenToAsTaskCancelsTheDeferred()
    {
        // With no synchronization context the cancel runs on the cancelling thread (here, this one).
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            CancelThroughToken();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static void CancelThroughToken()
    {
        var d = new Deferred<int>();
        using var source = new CancellationTokenSource();
        Task<int> task = d.AsTask(source.Token);
        source.Cancel();
        Assert.True(d.Called);
        Assert.Throws<CancelledException>(() => d.Result);
        Assert.True(task.IsCanceled || task.IsCompleted);
    }

    private static int Explode(int x) => throw new ValueErrorException("explode " + x);
}
