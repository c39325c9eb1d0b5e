using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>DeferredQueue, modelled on Twisted's OtherPrimitivesTests.testQueue and test_cancelQueue*.</summary>
public class DeferredQueueTests
{
    [Fact]
    public void PutGoesToTheOldestWaiterFirst()
    {
        var queue = new DeferredQueue<int>(2, 2);
        var gotten = new List<string>();
        queue.Get().AddCallback(x => gotten.Add("a" + x));
        queue.Get().AddCallback(x => gotten.Add("b" + x));
        queue.Put(0);
        Assert.Equal(new[] { "a0" }, gotten);
        queue.Put(1);
        Assert.Equal(new[] { "a0", "b1" }, gotten);
        Assert.Equal(0, queue.PendingCount);
    }

    [Fact]
    public void GetBeyondTheBacklogThrowsQueueUnderflow()
    {
        var queue = new DeferredQueue<int>(2, 2);
        queue.Get();
        queue.Get();
        Assert.Throws<QueueUnderflowException>(() => queue.Get());
    }

    [Fact]
    public void PutWithoutWaitersIsBufferedUpToSizeThenThrowsQueueOverflow()
    {
        var queue = new DeferredQueue<int>(2, 2);
        queue.Put(2);
        queue.Put(3);
        Assert.Equal(2, queue.PendingCount);
        Assert.Throws<QueueOverflowException>(() => queue.Put(4));
        Assert.Equal(2, queue.PendingCount);
    }

    [Fact]
    public void GetReturnsAFiredDeferredWithTheOldestBufferedItem()
    {
        var queue = new DeferredQueue<int>(2, 2);
        queue.Put(2);
        queue.Put(3);
        Assert.Equal(2, DeferredAssert.SuccessResultOf(queue.Get()));
        Assert.Equal(3, DeferredAssert.SuccessResultOf(queue.Get()));
        Assert.Equal(0, queue.PendingCount);
    }

    [Fact]
    public void AnUnboundedQueueServesWaitersInOrder()
    {
        var queue = new DeferredQueue<int>();
        var gotten = new List<int>();
        queue.Get().AddCallback(x => gotten.Add(x));
        queue.Get().AddCallback(x => gotten.Add(x));
        queue.Put(0);
        queue.Put(1);
        Assert.Equal(new[] { 0, 1 }, gotten);
    }

    [Fact]
    public void SizeZeroRefusesEveryUnawaitedPut()
        => Assert.Throws<QueueOverflowException>(() => new DeferredQueue<object?>(size: 0).Put(null));

    [Fact]
    public void BacklogZeroRefusesEveryGetOfAnEmptyQueue()
        => Assert.Throws<QueueUnderflowException>(() => new DeferredQueue<object?>(backlog: 0).Get());

    [Fact]
    public void SizeZeroStillHandsAPutToAWaiter()
    {
        var queue = new DeferredQueue<int>(size: 0);
        var got = queue.Get();
        queue.Put(9);
        Assert.Equal(9, DeferredAssert.SuccessResultOf(got));
    }

    [Fact]
    public void NegativeSizeOrBacklogThrowArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeferredQueue<int>(size: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeferredQueue<int>(backlog: -1));
    }

    [Fact]
    public void SizeAndBacklogAreExposed()
    {
        var queue = new DeferredQueue<int>(3, 4);
        Assert.Equal(3, queue.Size);
        Assert.Equal(4, queue.Backlog);
        Assert.Null(new DeferredQueue<int>().Size);
    }

    [Fact]
    public void CancellingAGetThatAlreadyHasItsItemDoesNothing()
    {
        var queue = new DeferredQueue<string>();
        var got = queue.Get();
        got.AddErrback(f => { Assert.Fail("unexpected errback"); return ""; });
        queue.Put("item");
        got.Cancel();
        Assert.Equal("item", DeferredAssert.SuccessResultOf(got));
    }

    [Fact]
    public void CancellingAWaitingGetFailsItAndRemovesItFromTheWaiters()
    {
        var queue = new DeferredQueue<string?>();
        var got = queue.Get();
        got.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(got);
        Assert.Equal(0, queue.WaitingCount);

        // The queue no longer knows the cancelled getter: a put is buffered, not sent to it.
        var done = new List<string?>();
        got.AddErrback(f =>
        {
            queue.Put(null);
            return queue.Get();
        });
        got.AddCallback(x => done.Add(x));
        Assert.Single(done);
        Assert.Equal(0, queue.PendingCount);
    }

    [Fact]
    public void CancellingAWaitingGetLetsTheNextGetterHaveTheItem()
    {
        var queue = new DeferredQueue<int>();
        var first = queue.Get();
        var second = queue.Get();
        first.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(first);
        queue.Put(1);
        Assert.Equal(1, DeferredAssert.SuccessResultOf(second));
    }

    [Fact]
    public void BacklogCountsOnlyGettersStillWaiting()
    {
        var queue = new DeferredQueue<int>(backlog: 1);
        var first = queue.Get();
        queue.Put(1);
        var second = queue.Get();
        DeferredAssert.NoResult(second);
        Assert.Equal(1, first.Result);
    }
}
