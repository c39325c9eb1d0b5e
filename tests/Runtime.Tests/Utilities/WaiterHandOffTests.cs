using System.Collections.Generic;
using System.Threading.Tasks;

namespace Torsion.Tests.Utilities;

/// <summary>The shared waiter hand-off of the lock, semaphore and queue: order, nesting, misuse.</summary>
public class WaiterHandOffTests
{
    [Fact]
    public void SeveralReleasesInsideOneCallbackServeWaitersInOrderAfterItReturns()
    {
        var semaphore = new DeferredSemaphore(3);
        semaphore.Acquire();
        semaphore.Acquire();
        semaphore.Acquire();
        var log = new List<string>();
        semaphore.Acquire().AddCallback(s =>
        {
            s.Release();
            s.Release();
            log.Add("first done");
        });
        semaphore.Acquire().AddCallback(_ => log.Add("second"));
        semaphore.Acquire().AddCallback(_ => log.Add("third"));
        semaphore.Release();
        Assert.Equal(new[] { "first done", "second", "third" }, log);
        Assert.Equal(0, semaphore.Tokens);
        Assert.Equal(0, semaphore.WaitingCount);
    }

    [Fact]
    public void APutInsideAGettersCallbackReachesTheNextGetterAfterItReturns()
    {
        var queue = new DeferredQueue<string>();
        var log = new List<string>();
        queue.Get().AddCallback(x =>
        {
            queue.Put("two");
            log.Add("got " + x);
        });
        queue.Get().AddCallback(x => log.Add("got " + x));
        queue.Put("one");
        Assert.Equal(new[] { "got one", "got two" }, log);
    }

    [Fact]
    public void AWaiterFiredByItsOwnerMakesReleaseThrowAlreadyCalledAsInTwisted()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var misused = lockObject.Acquire();
        misused.Callback(lockObject); // not the caller's to fire: the hand-off then finds it fired
        Assert.Throws<AlreadyCalledException>(() => lockObject.Release());
        Assert.Equal(0, lockObject.WaitingCount);
        Assert.True(lockObject.Locked); // as in Twisted: the lock went to that waiter
    }

    [Fact]
    public void AWaiterFiredByItsOwnerDoesNotStopTheHandOffsQueuedBehindIt()
    {
        var semaphore = new DeferredSemaphore(2);
        semaphore.Acquire();
        semaphore.Acquire();
        var first = semaphore.Acquire();
        var misused = semaphore.Acquire();
        var third = semaphore.Acquire();
        first.AddCallback(s =>
        {
            s.Release(); // to `misused`, fired by the test below: AlreadyCalled once the loop reaches it
            s.Release(); // to `third`, which must still fire
        });
        misused.Callback(semaphore);
        Assert.Throws<AlreadyCalledException>(() => semaphore.Release());
        Assert.True(third.HasResult);
    }

    [Fact]
    public void CancellingARunWhileItsOperationRunsCancelsTheOperationAndReleases()
    {
        var lockObject = new DeferredLock();
        var operation = new Deferred<int>();
        var result = lockObject.Run(() => operation);
        result.Cancel();
        Assert.True(operation.Called); // cancelled; its failure moved on to `result`
        DeferredAssert.FailureResultOf<CancelledException>(result);
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public async Task AcquiredScopeDisposeAsyncReleases()
    {
        var lockObject = new DeferredLock();
        AcquiredScope scope = DeferredAssert.SuccessResultOf(lockObject.AcquireScope());
        await scope.DisposeAsync();
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void CancellingAWaitingAcquireScopeWithdrawsTheRequest()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var scope = lockObject.AcquireScope();
        scope.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(scope);
        Assert.Equal(0, lockObject.WaitingCount);
    }
}
