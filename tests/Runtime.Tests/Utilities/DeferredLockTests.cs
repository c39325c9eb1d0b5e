using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>DeferredLock, modelled on Twisted's OtherPrimitivesTests.testLock and test_cancelLock*.</summary>
public class DeferredLockTests
{
    [Fact]
    public void AcquireOfAFreeLockFiresAtOnceWithTheLock()
    {
        var lockObject = new DeferredLock();
        Deferred<DeferredLock> acquired = lockObject.Acquire();
        Assert.Same(lockObject, DeferredAssert.SuccessResultOf(acquired));
        Assert.True(lockObject.Locked);
    }

    [Fact]
    public void AcquireOfAHeldLockWaits()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var second = lockObject.Acquire();
        DeferredAssert.NoResult(second);
        Assert.Equal(1, lockObject.WaitingCount);
    }

    [Fact]
    public void ReleaseHandsTheLockToTheNextWaiterWhichStaysLocked()
    {
        var lockObject = new DeferredLock();
        int counter = 0;
        lockObject.Acquire().AddCallback(_ => counter++);
        lockObject.Acquire().AddCallback(_ => counter++);
        Assert.Equal(1, counter);

        lockObject.Release();
        Assert.True(lockObject.Locked);
        Assert.Equal(2, counter);

        lockObject.Release();
        Assert.False(lockObject.Locked);
        Assert.Equal(2, counter);
    }

    [Fact]
    public void WaitersGetTheLockFirstComeFirstServed()
    {
        var lockObject = new DeferredLock();
        var order = new List<int>();
        lockObject.Acquire();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            lockObject.Acquire().AddCallback(_ => order.Add(n));
        }

        for (int i = 0; i < 5; i++)
        {
            lockObject.Release();
        }

        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
        Assert.True(lockObject.Locked);
    }

    [Fact]
    public void ReleaseOfAnUnlockedLockThrowsInvalidOperationException()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DeferredLock().Release());
        Assert.Equal("Tried to release an unlocked lock", error.Message);
    }

    [Fact]
    public void RunCallsTheFunctionWithTheLockAndReleasesWhenItsDeferredFires()
    {
        var lockObject = new DeferredLock();
        var control = new Deferred<string>();
        bool ran = false;
        Deferred<string> result = lockObject.Run(() =>
        {
            ran = true;
            Assert.True(lockObject.Locked);
            return control;
        });
        Assert.True(ran);
        Assert.True(lockObject.Locked);
        DeferredAssert.NoResult(result);

        control.Callback("done");
        Assert.Equal("done", DeferredAssert.SuccessResultOf(result));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunWaitsForTheLockBeforeCallingTheFunction()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        bool ran = false;
        var result = lockObject.Run(() => { ran = true; return 5; });
        Assert.False(ran);
        lockObject.Release();
        Assert.True(ran);
        Assert.Equal(5, DeferredAssert.SuccessResultOf(result));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunReleasesAndFailsWhenTheFunctionThrows()
    {
        var lockObject = new DeferredLock();
        var result = lockObject.Run(new Func<int>(() => throw new GenericException("bad")));
        DeferredAssert.FailureResultOf<GenericException>(result);
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunReleasesWhenTheFunctionsDeferredFails()
    {
        var lockObject = new DeferredLock();
        var control = new Deferred<int>();
        var result = lockObject.Run(() => control);
        control.Errback(new GenericException("bad"));
        DeferredAssert.FailureResultOf<GenericException>(result);
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunWithAnUntypedDeferredReleasesWhenItFires()
    {
        var lockObject = new DeferredLock();
        var control = new Deferred();
        Deferred result = lockObject.Run(() => control);
        Assert.True(lockObject.Locked);
        control.Callback("x");
        Assert.Equal("x", DeferredAssert.SuccessResultOf(result));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunOfALambdaReturningADeferredListWaitsForTheListAndReleases()
    {
        var lockObject = new DeferredLock();
        var member = new Deferred();
        Deferred result = lockObject.Run(() => new DeferredList(new[] { member }));
        Assert.True(lockObject.Locked);
        member.Callback(1);
        Assert.False(lockObject.Locked);
        var results = (IReadOnlyList<(bool Success, object? ResultOrFailure)>)DeferredAssert.SuccessResultOf(result)!;
        Assert.Equal((true, (object?)1), results[0]);
    }

    [Fact]
    public void RunOfALambdaReturningATypedDeferredStaysTyped()
    {
        var lockObject = new DeferredLock();
        var control = new Deferred<int>();
        Deferred<int> result = lockObject.Run(() => control);
        control.Callback(3);
        Assert.Equal(3, result.Result);
    }

    [Fact]
    public void RunOfAnObjectFunctionReturningADeferredWaitsForIt()
    {
        var lockObject = new DeferredLock();
        var control = new Deferred();
        Deferred<object> result = lockObject.Run<object>(() => control);
        Assert.True(lockObject.Locked);
        control.Callback("late");
        Assert.Equal("late", DeferredAssert.SuccessResultOf(result));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunWithADeferredTypeArgumentThrowsArgumentException()
    {
        var lockObject = new DeferredLock();
        Func<DeferredList> function = () => new DeferredList(Array.Empty<Deferred>());
        Assert.Throws<ArgumentException>(() => lockObject.Run<DeferredList>(function));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunWithAnActionFiresWithNullAndReleases()
    {
        var lockObject = new DeferredLock();
        int calls = 0;
        Deferred result = lockObject.Run(() => { calls++; });
        Assert.Equal(1, calls);
        Assert.Null(DeferredAssert.SuccessResultOf(result));
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void RunWithNullThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => new DeferredLock().Run((Func<int>)null!));

    [Fact]
    public void CancellingAWaitingAcquireFailsWithCancelledAndRemovesIt()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var waiting = lockObject.Acquire();
        waiting.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(waiting);
        Assert.Equal(0, lockObject.WaitingCount);

        lockObject.Release();
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void CancellingAnAcquireAfterItFiredDoesNothing()
    {
        var lockObject = new DeferredLock();
        var acquired = lockObject.Acquire();
        acquired.AddErrback(f => { Assert.Fail("unexpected errback"); return lockObject; });
        acquired.Cancel();
        Assert.Same(lockObject, DeferredAssert.SuccessResultOf(acquired));
        Assert.True(lockObject.Locked);
    }

    [Fact]
    public void CancellingAWaiterThatWasGivenTheLockInsideACallbackDeliversTheLock()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        Deferred<DeferredLock>? second = null;
        var first = lockObject.Acquire();
        second = lockObject.Acquire();
        first.AddCallback(l =>
        {
            l.Release();   // hands the lock to `second`, which fires after this callback
            second.Cancel(); // already given the lock: cancelling does nothing more
            return l;
        });
        lockObject.Release();
        Assert.Same(lockObject, DeferredAssert.SuccessResultOf(second));
        Assert.True(lockObject.Locked);
    }

    [Fact]
    public void CancellingARunThatWaitsForTheLockWithdrawsIt()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        bool ran = false;
        var result = lockObject.Run(() => { ran = true; return 1; });
        result.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(result);
        lockObject.Release();
        Assert.False(ran);
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void AcquireScopeReleasesOnDispose()
    {
        var lockObject = new DeferredLock();
        Deferred<AcquiredScope> scope = lockObject.AcquireScope();
        AcquiredScope held = DeferredAssert.SuccessResultOf(scope);
        Assert.True(lockObject.Locked);
        held.Dispose();
        Assert.False(lockObject.Locked);
        Assert.False(held.Held);
        held.Dispose(); // a second dispose does nothing
        Assert.False(lockObject.Locked);
    }

    [Fact]
    public void AwaitUsingAScopeHoldsTheLockForTheBlock()
    {
        var lockObject = new DeferredLock();
        var gate = new Deferred<int>();
        var log = new List<string>();
        Deferred<int> first = UseAsync("first", gate);
        Deferred<int> second = UseAsync("second", Deferred.Succeed(0));
        Assert.Equal(new[] { "first in" }, log);
        gate.Callback(0);
        Assert.Equal(new[] { "first in", "first out", "second in", "second out" }, log);
        Assert.False(lockObject.Locked);
        Assert.Equal(1, first.Result + second.Result);

        async Deferred<int> UseAsync(string name, Deferred<int> work)
        {
            await using (await lockObject.AcquireScope())
            {
                log.Add(name + " in");
                await work;
                log.Add(name + " out");
            }

            return name == "first" ? 1 : 0;
        }
    }
}
