using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>
/// Hand-offs never recurse (Twisted's do, and overflow the stack). Each test runs on a thread with a
/// 256 KiB stack, where recursion through thousands of waiters would overflow at once.
/// </summary>
public class HandOffStackDepthTests
{
    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void LockWaitersThatReleaseSynchronouslyCompleteWithoutStackOverflow(int waiters)
    {
        SmallStack.Run(() =>
        {
            var lockObject = new DeferredLock();
            lockObject.Acquire();
            int next = 0;
            bool inOrder = true;
            for (int i = 0; i < waiters; i++)
            {
                int n = i;
                lockObject.Acquire().AddCallback(l =>
                {
                    inOrder &= n == next++;
                    l.Release();
                });
            }

            lockObject.Release();
            Assert.Equal(waiters, next);
            Assert.True(inOrder);
            Assert.False(lockObject.Locked);
            Assert.Equal(0, lockObject.WaitingCount);
        });
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void LockRunsOfSynchronousFunctionsCompleteWithoutStackOverflow(int runs)
    {
        SmallStack.Run(() =>
        {
            var lockObject = new DeferredLock();
            lockObject.Acquire();
            int total = 0;
            var results = new List<Deferred<int>>(runs);
            for (int i = 0; i < runs; i++)
            {
                int n = i;
                results.Add(lockObject.Run(() => { total++; return n; }));
            }

            lockObject.Release();
            Assert.Equal(runs, total);
            Assert.Equal(runs - 1, results[^1].Result);
            Assert.False(lockObject.Locked);
        });
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void AsyncMethodsAwaitingTheLockCompleteWithoutStackOverflow(int methods)
    {
        SmallStack.Run(() =>
        {
            var lockObject = new DeferredLock();
            lockObject.Acquire();
            int done = 0;
            for (int i = 0; i < methods; i++)
            {
                _ = Worker();
            }

            lockObject.Release();
            Assert.Equal(methods, done);
            Assert.False(lockObject.Locked);

            async Deferred<int> Worker()
            {
                using (await lockObject.AcquireScope())
                {
                    done++;
                }

                return 0;
            }
        });
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void SemaphoreWaitersThatReleaseSynchronouslyCompleteWithoutStackOverflow(int waiters)
    {
        SmallStack.Run(() =>
        {
            var semaphore = new DeferredSemaphore(3);
            semaphore.Acquire();
            semaphore.Acquire();
            semaphore.Acquire();
            int next = 0;
            bool inOrder = true;
            for (int i = 0; i < waiters; i++)
            {
                int n = i;
                semaphore.Acquire().AddCallback(s =>
                {
                    inOrder &= n == next++;
                    s.Release();
                });
            }

            semaphore.Release();
            semaphore.Release();
            semaphore.Release();
            Assert.Equal(waiters, next);
            Assert.True(inOrder);
            Assert.Equal(3, semaphore.Tokens);
        });
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void QueueGettersThatPutSynchronouslyCompleteWithoutStackOverflow(int getters)
    {
        SmallStack.Run(() =>
        {
            var queue = new DeferredQueue<int>();
            var received = new List<int>(getters);
            for (int i = 0; i < getters; i++)
            {
                queue.Get().AddCallback(x =>
                {
                    received.Add(x);
                    if (x + 1 < getters)
                    {
                        queue.Put(x + 1); // hands the next item to the next getter
                    }
                });
            }

            queue.Put(0);
            Assert.Equal(getters, received.Count);
            for (int i = 0; i < getters; i++)
            {
                Assert.Equal(i, received[i]);
            }

            Assert.Equal(0, queue.WaitingCount);
            Assert.Equal(0, queue.PendingCount);
        });
    }

    [Fact]
    public void AReleaseInsideAWaitersCallbackRunsTheNextWaiterAfterThatCallbackReturns()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var log = new List<string>();
        lockObject.Acquire().AddCallback(l =>
        {
            l.Release();
            log.Add("first: after release");
            Assert.True(l.Locked); // the lock already belongs to the second waiter
        });
        lockObject.Acquire().AddCallback(_ => log.Add("second: acquired"));
        lockObject.Release();
        Assert.Equal(new[] { "first: after release", "second: acquired" }, log);
    }

    [Fact]
    public void AReleaseOutsideAnyWaiterFiresTheNextWaiterSynchronously()
    {
        var lockObject = new DeferredLock();
        lockObject.Acquire();
        var second = lockObject.Acquire();
        lockObject.Release();
        Assert.True(second.Called);
    }
}
