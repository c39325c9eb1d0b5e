using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>The untyped DeferredList, modelled on Twisted's DeferredListTests and DeferredTests.testDeferredList*.</summary>
public class DeferredListTests
{
    private static IReadOnlyList<(bool Success, object? ResultOrFailure)> ResultsOf(Deferred list)
        => (IReadOnlyList<(bool Success, object? ResultOrFailure)>)DeferredAssert.SuccessResultOf(list)!;

    [Fact]
    public void FiresWithSuccessAndFailurePairsInInputOrderOnceAllMembersFired()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var d3 = new Deferred();
        var list = new DeferredList(new[] { d1, d2, d3 });
        d2.AddErrback((Failure _) => { });

        d1.Callback("1");
        d2.Errback(new GenericException("2"));
        Assert.False(list.Called);
        d3.Callback("3");

        var results = ResultsOf(list);
        Assert.Equal(3, results.Count);
        Assert.Equal((true, (object?)"1"), results[0]);
        Assert.False(results[1].Success);
        Assert.Equal("2", ((Failure)results[1].ResultOrFailure!).Value.Message);
        Assert.Equal((true, (object?)"3"), results[2]);
    }

    [Fact]
    public void ResultOrderFollowsInputOrderNotFiringOrder()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 });
        d2.Callback("second");
        d1.Callback("first");

        var results = ResultsOf(list);
        Assert.Equal("first", results[0].ResultOrFailure);
        Assert.Equal("second", results[1].ResultOrFailure);
    }

    [Fact]
    public void EmptyListFiresWithEmptyListAtOnce()
    {
        var list = new DeferredList(Array.Empty<Deferred>());
        Assert.Empty(ResultsOf(list));
    }

    [Fact]
    public void EmptyListWithFireOnOneCallbackNeverFires()
    {
        var list = new DeferredList(Array.Empty<Deferred>(), fireOnOneCallback: true);
        DeferredAssert.NoResult(list);
    }

    [Fact]
    public void FireOnOneCallbackFiresWithResultAndIndexOfFirstSuccess()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        d2.Callback("winner");

        var (result, index) = ((object? Result, int Index))DeferredAssert.SuccessResultOf(list)!;
        Assert.Equal("winner", result);
        Assert.Equal(1, index);
        d1.Callback("later"); // recorded, no second firing
        Assert.Equal(2, list.FinishedCount);
    }

    [Fact]
    public void FireOnOneCallbackIgnoresFailuresUntilASuccess()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true, consumeErrors: true);
        d1.Errback(new GenericException("no"));
        DeferredAssert.NoResult(list);
        d2.Callback(7);
        Assert.Equal(((object?)7, 1), ((object? Result, int Index))DeferredAssert.SuccessResultOf(list)!);
    }

    [Fact]
    public void FireOnOneCallbackWithEveryMemberFailingFiresWithTheFullList()
    {
        var d1 = new Deferred();
        var list = new DeferredList(new[] { d1 }, fireOnOneCallback: true, consumeErrors: true);
        d1.Errback(new GenericException("no"));
        var results = ResultsOf(list);
        Assert.False(results[0].Success);
    }

    [Fact]
    public void FireOnOneErrbackFailsWithFirstErrorCarryingSubFailureAndIndex()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var d3 = new Deferred();
        var list = new DeferredList(new[] { d1, d2, d3 }, fireOnOneErrback: true);
        d2.AddErrback((Failure _) => { });

        d1.Callback("1");
        DeferredAssert.NoResult(list);
        d2.Errback(new GenericException("from def2"));

        Failure failure = DeferredAssert.FailureResultOf<FirstErrorException>(list);
        var firstError = (FirstErrorException)failure.Value;
        Assert.Equal(typeof(GenericException), firstError.SubFailure.Type);
        Assert.Equal("from def2", firstError.SubFailure.Value.Message);
        Assert.Equal(1, firstError.Index);
    }

    [Fact]
    public void WithoutConsumeErrorsMemberCallbacksAddedLaterStillSeeTheFailure()
    {
        var d1 = new Deferred();
        var list = new DeferredList(new[] { d1 });
        var trapped = new List<Failure>();
        d1.AddErrback((Failure f) => trapped.Add(f));

        d1.Errback(new GenericException("Bang"));

        Assert.Equal("Bang", Assert.Single(trapped).Value.Message);
        Assert.Equal("Bang", ((Failure)ResultsOf(list)[0].ResultOrFailure!).Value.Message);
    }

    [Fact]
    public void ConsumeErrorsTurnsMemberFailureIntoNullForLaterCallbacksButListRecordsIt()
    {
        var d1 = new Deferred();
        var list = new DeferredList(new[] { d1 }, consumeErrors: true);
        var trapped = new List<Failure>();
        var values = new List<object?>();
        d1.AddCallbacks(v => { values.Add(v); return v; }, f => { trapped.Add(f); return f; });

        d1.Errback(new GenericException("Bang"));

        Assert.Empty(trapped);
        Assert.Equal(new object?[] { null }, values);
        Assert.Equal("Bang", ((Failure)ResultsOf(list)[0].ResultOrFailure!).Value.Message);
    }

    [Fact]
    public void ConsumeErrorsLeavesNoUnhandledFailureInTheMember()
    {
        using var capture = UnhandledFailures.Capture();
        Consume();
        Assert.Empty(capture.Flush(typeof(GenericException)));

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void Consume()
        {
            var d1 = new Deferred();
            _ = new DeferredList(new[] { d1 }, consumeErrors: true);
            d1.Errback(new GenericException("Bang"));
        }
    }

    [Fact]
    public void WithoutConsumeErrorsAnUnhandledMemberFailureIsReported()
    {
        using var capture = UnhandledFailures.Capture();
        Leave();
        Assert.Single(capture.Flush(typeof(GenericException)));

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void Leave()
        {
            var d1 = new Deferred();
            _ = new DeferredList(new[] { d1 });
            d1.Errback(new GenericException("Bang"));
        }
    }

    [Fact]
    public void CallbacksAddedToAMemberBeforeTheListChangeWhatTheListSees()
    {
        var d1 = new Deferred();
        d1.AddCallback(v => (int)v! * 10);
        var list = new DeferredList(new[] { d1 });
        d1.Callback(4);
        Assert.Equal(40, ResultsOf(list)[0].ResultOrFailure);
    }

    [Fact]
    public void AlreadyFiredMembersAreProcessedDuringConstruction()
    {
        var d1 = Deferred.Fail(new GenericException("Bang"));
        var d2 = Deferred.Succeed(2);
        var list = new DeferredList(new Deferred[] { d1, d2 });

        var results = ResultsOf(list);
        Assert.False(results[0].Success);
        Assert.Equal((true, (object?)2), results[1]);
        DeferredAssert.Swallow(d1);
    }

    [Fact]
    public void FireOnOneErrbackWithAnAlreadyFailedMemberFailsDuringConstruction()
    {
        var d1 = Deferred.Fail(new GenericException("Bang"));
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneErrback: true, consumeErrors: true);
        Assert.Equal(0, ((FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(list).Value).Index);
    }

    [Fact]
    public void TypedMembersKeepTheirTypedHandle()
    {
        var d1 = new Deferred<int>();
        var list = new DeferredList(new Deferred[] { d1 });
        d1.AddCallback(x => x + 1);
        d1.Callback(1);
        Assert.Equal(2, d1.Result);
        Assert.Equal(1, ResultsOf(list)[0].ResultOrFailure);
    }

    [Fact]
    public void TheInputCollectionIsCopied()
    {
        var d1 = new Deferred();
        var inputs = new List<Deferred> { d1 };
        var list = new DeferredList(inputs);
        var d2 = new Deferred();
        inputs.Add(d2);
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.NoResult(d2);
    }

    [Fact]
    public void CancelCancelsEveryMember()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 });
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
    }

    [Fact]
    public void CancelFiresWithTheMembersOutcomesIncludingACancellerThatCalledBack()
    {
        var d1 = new Deferred(d => d.Callback("Callback Result"));
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 });
        list.Cancel();

        DeferredAssert.FailureResultOf<CancelledException>(d2);
        var results = ResultsOf(list);
        Assert.Equal((true, (object?)"Callback Result"), results[0]);
        Assert.False(results[1].Success);
        Assert.NotNull(((Failure)results[1].ResultOrFailure!).Check(typeof(CancelledException)));
    }

    [Fact]
    public void CancelWithFireOnOneCallbackCancelsEveryMember()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
    }

    [Fact]
    public void CancelWithFireOnOneCallbackFiresWithAMemberThatCalledBackInItsCanceller()
    {
        var d1 = new Deferred(d => d.Callback("Callback Result"));
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d2);
        Assert.Equal(((object?)"Callback Result", 0), ((object? Result, int Index))DeferredAssert.SuccessResultOf(list)!);
    }

    [Fact]
    public void CancelWithFireOnOneErrbackFailsWithFirstErrorWrappingCancellation()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneErrback: true);
        list.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
        var firstError = (FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(list).Value;
        Assert.NotNull(firstError.SubFailure.Check(typeof(CancelledException)));
    }

    [Fact]
    public void CancelWithFireOnOneErrbackWhenEveryCancellerCallsBackFiresWithTheList()
    {
        var d1 = new Deferred(d => d.Callback("Callback Result"));
        var d2 = new Deferred(d => d.Callback("Callback Result"));
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneErrback: true);
        list.Cancel();
        var results = ResultsOf(list);
        Assert.Equal((true, (object?)"Callback Result"), results[0]);
        Assert.Equal((true, (object?)"Callback Result"), results[1]);
    }

    [Fact]
    public void CancelReportsAThrowingCancellerAndStillCancelsTheOthers()
    {
        using var capture = UnhandledFailures.Capture();
        var d1 = new Deferred(_ => throw new InvalidTimeZoneException("test"));
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 });
        list.Cancel();

        DeferredAssert.FailureResultOf<CancelledException>(d2);
        IReadOnlyList<Failure> errors = capture.Flush(typeof(InvalidTimeZoneException));
        Assert.Single(errors);
        Assert.Equal("test", errors[0].Value.Message);
        GC.KeepAlive(list);
    }

    [Fact]
    public void CancelAfterFireOnOneCallbackFiredDoesNotCancelTheOthers()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        d1.Callback(null);
        list.Cancel();
        DeferredAssert.NoResult(d2);
    }

    [Fact]
    public void CancelAfterFireOnOneErrbackFiredDoesNotCancelTheOthers()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 }, fireOnOneErrback: true);
        d1.Errback(new GenericException("test"));
        list.Cancel();
        DeferredAssert.NoResult(d2);
        DeferredAssert.FailureResultOf<GenericException>(d1);
        DeferredAssert.FailureResultOf<FirstErrorException>(list);
    }

    [Fact]
    public void ResultListShowsProgressWithNullForMembersStillPending()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var list = new DeferredList(new[] { d1, d2 });
        d2.Callback("b");
        Assert.Null(list.ResultList[0]);
        Assert.Equal((true, (object?)"b"), list.ResultList[1]);
        Assert.Equal(1, list.FinishedCount);
    }

    [Fact]
    public void FlagsAreExposed()
    {
        var list = new DeferredList(new[] { new Deferred() }, fireOnOneCallback: true, fireOnOneErrback: false, consumeErrors: true);
        Assert.True(list.FireOnOneCallback);
        Assert.False(list.FireOnOneErrback);
        Assert.True(list.ConsumeErrors);
        Assert.Single(list.Deferreds);
    }

    [Fact]
    public void NullCollectionThrowsArgumentNullException()
        => Assert.Throws<ArgumentNullException>(() => new DeferredList(null!));

    [Fact]
    public void NullMemberThrowsArgumentExceptionNamingTheIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeferredList(new[] { new Deferred(), null! }));
        Assert.Contains("index 1", error.Message);
    }

    [Fact]
    public void RetiredTypedHandleThrowsArgumentException()
    {
        var d1 = new Deferred<int>();
        _ = d1.AddCallback(x => x.ToString());
        Assert.Throws<ArgumentException>(() => new DeferredList(new Deferred[] { d1 }));
    }

    [Fact]
    public void ListCallbacksRunSynchronouslyWhenTheLastMemberFires()
    {
        var d1 = new Deferred();
        var list = new DeferredList(new[] { d1 });
        var seen = new List<string>();
        list.AddCallback(_ => { seen.Add("list"); return null; });
        d1.AddCallback(v => { seen.Add("member"); return v; });
        d1.Callback(1);
        Assert.Equal(new[] { "list", "member" }, seen);
    }
}
