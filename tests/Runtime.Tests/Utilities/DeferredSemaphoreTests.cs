using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>DeferredSemaphore, modelled on Twisted's OtherPrimitivesTests.testSemaphore and friends.</summary>
public class DeferredSemaphoreTests
{
    [Fact]
    public void RunCallsTheFunctionAndFiresWithItsResultWhenItsDeferredFires()
    {
        var semaphore = new DeferredSemaphore(13);
        var control = new Deferred<string>();
        var result = semaphore.Run(() => control);
        Assert.Equal(12, semaphore.Tokens);
        DeferredAssert.NoResult(result);
        control.Callback("ok");
        Assert.Equal("ok", DeferredAssert.SuccessResultOf(result));
        Assert.Equal(13, semaphore.Tokens);
    }

    [Fact]
    public void UpToLimitAcquiresFireAtOnceAndTheNextWaits()
    {
        const int N = 13;
        var semaphore = new DeferredSemaphore(N);
        int counter = 0;
        for (int i = 1; i <= N; i++)
        {
            semaphore.Acquire().AddCallback(_ => counter++);
            Assert.Equal(i, counter);
        }

        var waiting = semaphore.Acquire().AddCallback(_ => counter++);
        Assert.Equal(N, counter);
        Assert.Equal(0, semaphore.Tokens);
        Assert.Equal(1, semaphore.WaitingCount);
        semaphore.Release();
        Assert.Equal(N + 1, counter);
        Assert.Equal(0, semaphore.Tokens);
    }

    [Fact]
    public void ReleasesWithoutWaitersReturnTokens()
    {
        var semaphore = new DeferredSemaphore(2);
        semaphore.Acquire();
        semaphore.Acquire();
        semaphore.Release();
        Assert.Equal(1, semaphore.Tokens);
        semaphore.Release();
        Assert.Equal(2, semaphore.Tokens);
    }

    [Fact]
    public void CancellingAWaitingAcquireFailsItWithCancelled()
    {
        var semaphore = new DeferredSemaphore(1);
        semaphore.Acquire();
        var outcomes = new List<bool>();
        var waiting = semaphore.Acquire();
        waiting.AddCallbacks(s => { outcomes.Add(false); return s; }, f => { outcomes.Add(true); f.Trap(typeof(CancelledException)); return semaphore; });
        waiting.Cancel();
        Assert.Equal(new[] { true }, outcomes);
        Assert.Equal(0, semaphore.WaitingCount);
    }

    [Fact]
    public void CancellingAnAcquireAfterItFiredDoesNothing()
    {
        var semaphore = new DeferredSemaphore(1);
        var acquired = semaphore.Acquire();
        acquired.Cancel();
        Assert.Same(semaphore, DeferredAssert.SuccessResultOf(acquired));
        Assert.Equal(0, semaphore.Tokens);
    }

    [Fact]
    public void CancellingBeforeAcquiredFailsImmediately()
    {
        var semaphore = new DeferredSemaphore(1);
        semaphore.Acquire();
        var waiting = semaphore.Acquire();
        waiting.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(waiting);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TokensBelowOneThrowArgumentOutOfRangeWithTwistedsMessage(int tokens)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DeferredSemaphore(tokens));
        Assert.StartsWith("DeferredSemaphore requires tokens >= 1", error.Message);
        Assert.Equal("tokens", error.ParamName);
    }

    [Fact]
    public void LimitAndTokensStartAtTheGivenCount()
    {
        var semaphore = new DeferredSemaphore(3);
        Assert.Equal(3, semaphore.Limit);
        Assert.Equal(3, semaphore.Tokens);
    }

    [Fact]
    public void ReleasingMoreThanAcquiredThrowsInvalidOperationException()
    {
        var semaphore = new DeferredSemaphore(2);
        semaphore.Acquire();
        semaphore.Release();
        var error = Assert.Throws<InvalidOperationException>(() => semaphore.Release());
        Assert.Equal("Someone released me too many times: too many tokens!", error.Message);
        Assert.Equal(2, semaphore.Tokens);
    }

    [Fact]
    public void WaitersGetTokensFirstComeFirstServed()
    {
        var semaphore = new DeferredSemaphore(2);
        semaphore.Acquire();
        semaphore.Acquire();
        var order = new List<int>();
        for (int i = 0; i < 4; i++)
        {
            int n = i;
            semaphore.Acquire().AddCallback(_ => order.Add(n));
        }

        semaphore.Release();
        semaphore.Release();
        Assert.Equal(new[] { 0, 1 }, order);
        semaphore.Release();
        semaphore.Release();
        Assert.Equal(new[] { 0, 1, 2, 3 }, order);
    }

    [Fact]
    public void ASemaphoreLimitsConcurrentRuns()
    {
        var semaphore = new DeferredSemaphore(2);
        var gates = new List<Deferred<int>>();
        int running = 0, peak = 0;
        var results = new List<Deferred<int>>();
        for (int i = 0; i < 5; i++)
        {
            results.Add(semaphore.Run(() =>
            {
                running++;
                peak = Math.Max(peak, running);
                var gate = new Deferred<int>();
                gates.Add(gate);
                return gate.AddCallback(x => { running--; return x; });
            }));
        }

        for (int i = 0; i < gates.Count; i++)
        {
            gates[i].Callback(i);
        }

        Assert.Equal(2, peak);
        Assert.Equal(5, gates.Count);
        Assert.Equal(2, semaphore.Tokens);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(i, results[i].Result);
        }
    }

    [Fact]
    public void AcquireScopeReleasesTheTokenOnDispose()
    {
        var semaphore = new DeferredSemaphore(1);
        var scope = DeferredAssert.SuccessResultOf(semaphore.AcquireScope());
        Assert.Equal(0, semaphore.Tokens);
        scope.Dispose();
        Assert.Equal(1, semaphore.Tokens);
    }
}
