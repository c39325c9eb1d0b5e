using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>The typed DeferredList&lt;T&gt;.</summary>
public class DeferredListOfTTests
{
    [Fact]
    public void FiresWithTypedResultsInInputOrder()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1, d2 });
        d2.Callback(2);
        d1.Callback(1);

        IReadOnlyList<DeferredListResult<int>> results = DeferredAssert.SuccessResultOf(list);
        Assert.Equal(new DeferredListResult<int>(true, 1, null), results[0]);
        Assert.Equal(new DeferredListResult<int>(true, 2, null), results[1]);
    }

    [Fact]
    public void FailedMemberIsRecordedWithItsFailureAndDefaultValue()
    {
        var d1 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1 }, consumeErrors: true);
        d1.Errback(new GenericException("Bang"));

        DeferredListResult<int> result = DeferredAssert.SuccessResultOf(list)[0];
        Assert.False(result.Success);
        Assert.Equal(0, result.Value);
        Assert.Equal("Bang", result.Failure!.Value.Message);
        Assert.Same(result.Failure, result.ResultOrFailure);
    }

    [Fact]
    public void EmptyTypedListFiresWithEmptyListAtOnce()
        => Assert.Empty(DeferredAssert.SuccessResultOf(new DeferredList<string>(Array.Empty<Deferred<string>>())));

    [Fact]
    public void FireOnOneErrbackFailsWithFirstError()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var list = new DeferredList<string>(new[] { d1, d2 }, fireOnOneErrback: true, consumeErrors: true);
        d2.Errback(new GenericException("two"));
        var firstError = (FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(list).Value;
        Assert.Equal(1, firstError.Index);
        Assert.Equal("two", firstError.SubFailure.Value.Message);
    }

    [Fact]
    public void ConsumeErrorsGivesTypedMembersDefaultForLaterCallbacks()
    {
        var d1 = new Deferred<int>();
        _ = new DeferredList<int>(new[] { d1 }, consumeErrors: true);
        d1.Errback(new GenericException("Bang"));
        d1.AddCallback(x => x + 5);
        Assert.Equal(5, d1.Result);
    }

    [Fact]
    public void CancelCancelsEveryTypedMember()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1, d2 });
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
        Assert.All(DeferredAssert.SuccessResultOf(list), r => Assert.False(r.Success));
    }

    [Fact]
    public void CancelAfterTheListFiredDoesNothing()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1, d2 }, fireOnOneErrback: true);
        d1.Errback(new GenericException("x"));
        list.Cancel();
        DeferredAssert.NoResult(d2);
        DeferredAssert.Swallow(d1);
        DeferredAssert.Swallow(list);
    }

    [Fact]
    public void ResultListShowsPendingMembersAsNull()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1, d2 });
        d1.Callback(3);
        Assert.Equal(new DeferredListResult<int>(true, 3, null), list.ResultList[0]);
        Assert.Null(list.ResultList[1]);
        Assert.Equal(1, list.FinishedCount);
    }

    [Fact]
    public void ResultCanBeAwaited()
    {
        var d1 = new Deferred<int>();
        var list = new DeferredList<int>(new[] { d1 });
        Deferred<int> sum = SumAsync(list);
        d1.Callback(41);
        Assert.Equal(42, sum.Result);

        static async Deferred<int> SumAsync(DeferredList<int> list)
        {
            int total = 1;
            foreach (var r in await list)
            {
                total += r.Value;
            }

            return total;
        }
    }
}
