using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer;

/// <summary>
/// Issue 11's lean Deferred: sizes measured by counting allocated bytes (never by timing), the
/// fired-with-no-steps fast path read through every public reader, and a lone observer stored
/// without an array.
/// </summary>
public class LeanDeferredTests
{
    private const int Count = 1000;

    [Fact]
    public void ADeferredOfIntIsNoBiggerThanATaskOfInt()
    {
        double deferred = BytesPerObject(_ => new Deferred<int>());
        double task = BytesPerObject(i => Task.FromResult(1000 + i)); // beyond the cached small results
        Assert.True(deferred <= task, $"Deferred<int>: {deferred} B, Task<int>: {task} B");
    }

    [Fact]
    public void AnUntypedDeferredIsNoBiggerThanATaskOfObject()
    {
        double deferred = BytesPerObject(_ => new Deferred());
        double task = BytesPerObject(i => Task.FromResult<object?>(s_payload));
        Assert.True(deferred <= task, $"Deferred: {deferred} B, Task<object>: {task} B");
    }

    [Fact]
    public void SucceedAllocatesOnlyTheDeferred()
    {
        Assert.Equal(BytesPerObject(_ => new Deferred<int>()), BytesPerObject(i => Deferred.Succeed(i)));
        Assert.Equal(BytesPerObject(_ => new Deferred()), BytesPerObject(_ => Deferred.Succeed(s_payload)));
    }

    [Fact]
    public void ALoneObserverOnAnUnfiredDeferredAllocatesNothing()
    {
        // What an [InlineCallbacks] body's Await does with a Deferred that has not fired.
        Action observer = static () => { };
        var deferreds = new Deferred<int>[Count];
        for (int i = 0; i < Count; i++)
        {
            deferreds[i] = new Deferred<int>();
        }

        deferreds[0].AddContinuation(observer); // any one-time cost outside the count
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < Count; i++)
        {
            deferreds[i].AddContinuation(observer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        int ran = 0;
        Action counting = () => ran++;
        var d = new Deferred<int>();
        d.AddContinuation(counting);
        d.Callback(5);
        Assert.Equal(1, ran);
        Assert.Equal(5, d.Result);
    }

    [Fact]
    public void ATenCallbackChainCopiesItsStepsOnce()
    {
        // 4 slots, then 16 (16 bytes each): a chain of up to 16 callbacks allocates two step arrays (no 8-slot one).
        Func<int, int> increment = static x => x + 1;
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var d = new Deferred<int>();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                d.AddCallback(increment);
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            d.Callback(0);
            Assert.Equal(10, d.Result);
        }

        long twoArrays = ArrayBytes(4) + ArrayBytes(16);
        Assert.True(best <= twoArrays, $"ten callbacks took {best} B of step storage; two arrays (4 and 16 slots) are {twoArrays} B");
    }

    public static IEnumerable<object[]> FiredWithValue()
    {
        yield return new object[] { "Succeed", (Func<Deferred<int>>)(() => Deferred.Succeed(42)) };
        yield return new object[] { "Execute", (Func<Deferred<int>>)(() => Deferred.Execute(() => 42)) };
        yield return new object[] { "MaybeDeferred", (Func<Deferred<int>>)(() => Deferred.MaybeDeferred(() => 42)) };
        yield return new object[] { "new + Callback", (Func<Deferred<int>>)(() =>
        {
            var d = new Deferred<int>();
            d.Callback(42);
            return d;
        }) };
    }

    [Theory]
    [MemberData(nameof(FiredWithValue))]
    public async Task AFiredDeferredReportsItsValueThroughEveryReader(string how, Func<Deferred<int>> create)
    {
        _ = how;
        Deferred<int> d = create();
        Assert.True(d.Called);
        Assert.True(d.HasResult);
        Assert.False(d.IsFailed);
        Assert.False(d.Paused);
        Assert.True(d.HasFinalResult);
        Assert.Equal(42, d.Result);
        Assert.Equal(42, ((Deferred)d).Result);
        Assert.EndsWith(" current result: 42>", d.ToString());
        Assert.True(d.GetAwaiter().IsCompleted);
        Assert.Equal(42, AwaiterResult(d));
        Assert.Equal(42, await d);
        Assert.Equal(42, await d.AsTask());
        Assert.Throws<AlreadyCalledException>(() => d.Callback(1));

        int seen = 0;
        d.AddCallback(x => { seen = x; return x + 1; });
        Assert.Equal(42, seen);
        Assert.Equal(43, d.Result);
    }

    [Fact]
    public void AnUntypedSucceedReportsItsValueThroughEveryReader()
    {
        Deferred d = Deferred.Succeed((object?)"v");
        Assert.True(d.Called);
        Assert.True(d.HasResult);
        Assert.False(d.IsFailed);
        Assert.True(d.HasFinalResult);
        Assert.Equal("v", d.Result);
        Assert.Equal("v", AwaiterResult(d));
        Assert.EndsWith(" current result: v>", d.ToString());
        object? seen = null;
        d.AddCallback(x => { seen = x; return "w"; });
        Assert.Equal("v", seen);
        Assert.Equal("w", d.Result);
    }

    [Fact]
    public void SucceedWithAFailureOrADeferredKeepsCallbacksRules()
    {
        var failure = new Failure(new InvalidOperationException("x"));
        Deferred failed = Deferred.Succeed((object?)failure);
        Assert.True(failed.IsFailed);
        Assert.Same(failure, failed.Result);
        failed.AddErrback(_ => null); // handled

        Assert.Throws<ArgumentException>(() => Deferred.Succeed((object?)new Deferred()));
    }

    public static IEnumerable<object[]> Failed()
    {
        yield return new object[] { "Fail<T>", (Func<Exception, Deferred<int>>)(e => Deferred.Fail<int>(e)) };
        yield return new object[] { "Fail<T>(Failure)", (Func<Exception, Deferred<int>>)(e => Deferred.Fail<int>(new Failure(e))) };
        yield return new object[] { "Execute", (Func<Exception, Deferred<int>>)(e => Deferred.Execute<int>(() => throw e)) };
        yield return new object[] { "new + Errback", (Func<Exception, Deferred<int>>)(e =>
        {
            var d = new Deferred<int>();
            d.Errback(e);
            return d;
        }) };
    }

    [Theory]
    [MemberData(nameof(Failed))]
    public async Task AFailedDeferredReportsItsFailureThroughEveryReader(string how, Func<Exception, Deferred<int>> create)
    {
        _ = how;
        var error = new InvalidOperationException("boom");
        Deferred<int> d = create(error);
        Assert.True(d.Called);
        Assert.True(d.HasResult);
        Assert.True(d.IsFailed);
        Assert.True(d.HasFinalResult);
        Assert.Same(error, Assert.Throws<InvalidOperationException>(() => d.Result));
        Assert.Same(error, Assert.IsType<Failure>(((Deferred)d).Result).Value);
        Assert.Contains(" current result: ", d.ToString());
        Assert.True(d.GetAwaiter().IsCompleted);
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(async () => await d));

        // Awaiting consumed it; an errback recovers the chain.
        d.AddErrback(f => f.Value.Message.Length);
        Assert.Equal(4, d.Result);
    }

    [Fact]
    public void AnUntypedFailReportsItsFailureThroughEveryReader()
    {
        var error = new InvalidOperationException("boom");
        Deferred d = Deferred.Fail(error);
        Assert.True(d.IsFailed);
        Assert.True(d.HasFinalResult);
        Assert.Same(error, Assert.IsType<Failure>(d.Result).Value);
        Assert.Same(error, Assert.Throws<InvalidOperationException>(() => AwaiterResult(d)));
        Assert.Throws<ArgumentNullException>(() => Deferred.Fail((Failure)null!));
        Assert.Throws<ArgumentNullException>(() => Deferred.Fail<int>((Failure)null!));
    }

    [Fact]
    public void AFailedDeferredThatIsDroppedIsReportedAndOneThatIsHandledIsNot()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        DropFailed(new LeanDroppedException("typed"), typed: true);
        DropFailed(new LeanDroppedException("untyped"), typed: false);
        Deferred<int> handled = Deferred.Fail<int>(new LeanDroppedException("handled"));
        handled.AddErrback(_ => 0);

        IReadOnlyList<Failure> reported = capture.Flush(typeof(LeanDroppedException));
        var messages = new List<string>();
        foreach (Failure failure in reported)
        {
            messages.Add(failure.Value.Message);
        }

        messages.Sort(StringComparer.Ordinal);
        Assert.Equal(new[] { "typed", "untyped" }, messages);
        GC.KeepAlive(handled);
    }

    [Fact]
    public void InDebugModeAFiredDeferredNamesItsCreatorAndInvoker()
    {
        Deferred.Debugging = true;
        try
        {
            Deferred<int> d = Deferred.Succeed(1);
            var error = Assert.Throws<AlreadyCalledException>(() => d.Callback(2));
            Assert.Contains(" C:", error.Message);
            Assert.Contains(" I:", error.Message);
        }
        finally
        {
            Deferred.Debugging = false;
        }
    }

    [Fact]
    public void PauseAndWaitStillHideTheResultOfAFiredDeferred()
    {
        Deferred<int> d = Deferred.Succeed(1);
        d.Pause();
        Assert.True(d.Paused);
        Assert.False(d.HasResult);
        Assert.False(d.HasFinalResult);
        Assert.Throws<InvalidOperationException>(() => d.Result);
        d.Unpause();
        Assert.Equal(1, d.Result);

        var inner = new Deferred<int>();
        d.AddCallback(_ => inner);
        Assert.False(d.HasResult);
        Assert.Same(inner, d.ChainedTo);
        Assert.Contains(" waiting on Deferred at ", d.ToString());
        inner.Callback(7);
        Assert.Null(d.ChainedTo);
        Assert.Equal(7, d.Result);
    }

    [Fact]
    public void PauseAndWaitStillHideTheResultOfAnUntypedFiredDeferred()
    {
        Deferred d = Deferred.Succeed((object?)"v");
        d.Pause();
        Assert.Throws<InvalidOperationException>(() => d.Result);
        d.Unpause();
        Assert.Equal("v", d.Result);

        var inner = new Deferred();
        d.AddCallback(_ => inner);
        Assert.Throws<InvalidOperationException>(() => d.Result);
        inner.Callback("w");
        Assert.Equal("w", d.Result);

        var unfired = new Deferred();
        Assert.Throws<InvalidOperationException>(() => unfired.Result);
    }

    [Fact]
    public void ACancellerAndAWaitedDeferredShareNoState()
    {
        // The canceller's slot holds the Deferred waited on after firing: cancelling a fired Deferred
        // that waits cancels what it waits on, and never calls the dropped canceller.
        int cancellerCalls = 0;
        var d = new Deferred<int>(_ => cancellerCalls++);
        var inner = new Deferred<int>();
        d.AddCallback(_ => inner);
        d.Callback(1);
        d.Cancel();
        Assert.Equal(0, cancellerCalls);
        Assert.True(inner.Called);
        Assert.IsType<CancelledException>(Assert.IsType<Failure>(((Deferred)d).Result).Value);
    }

    private static void DropFailed(Exception error, bool typed)
    {
        if (typed)
        {
            _ = Deferred.Fail<int>(error);
        }
        else
        {
            _ = Deferred.Fail(error);
        }
    }

    private static readonly object s_payload = new();

    /// <summary>What the compiler's <c>await</c> reads from a completed awaiter.</summary>
    private static T AwaiterResult<T>(Deferred<T> d) => d.GetAwaiter().GetResult();

    private static object? AwaiterResult(Deferred d) => d.GetAwaiter().GetResult();

    private static long ArrayBytes(int slots)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GC.KeepAlive(new Step[slots]);
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }

    /// <summary>Bytes allocated per call of <paramref name="create"/>, over 1,000 calls (the best of three rounds).</summary>
    private static double BytesPerObject(Func<int, object> create)
    {
        var keep = new object[Count];
        double best = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Count; i++)
            {
                keep[i] = create(i);
            }

            best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Count);
        }

        GC.KeepAlive(keep);
        return best;
    }

    private sealed class LeanDroppedException : Exception
    {
        public LeanDroppedException(string message)
            : base(message)
        {
        }
    }
}
