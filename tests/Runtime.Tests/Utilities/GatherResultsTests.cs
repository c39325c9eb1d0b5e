using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>GatherResults, modelled on Twisted's test_gatherResults*.</summary>
public class GatherResultsTests
{
    [Fact]
    public void FiresWithTheValuesInInputOrder()
    {
        Deferred<IReadOnlyList<int>> gathered = Deferred.GatherResults(new[] { Deferred.Succeed(1), Deferred.Succeed(2) });
        Assert.Equal(new[] { 1, 2 }, DeferredAssert.SuccessResultOf(gathered));
    }

    [Fact]
    public void WaitsForPendingMembers()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        d2.Callback("b");
        DeferredAssert.NoResult(gathered);
        d1.Callback("a");
        Assert.Equal(new[] { "a", "b" }, DeferredAssert.SuccessResultOf(gathered));
    }

    [Fact]
    public void EmptyInputFiresWithEmptyList()
        => Assert.Empty(DeferredAssert.SuccessResultOf(Deferred.GatherResults(Array.Empty<Deferred<int>>())));

    [Fact]
    public void FirstFailureFailsWithFirstErrorCarryingSubFailureAndIndex()
    {
        var bad = Deferred.Fail<int>(new ArithmeticException("oh noes"));
        var gathered = Deferred.GatherResults(new[] { Deferred.Succeed(1), bad });
        var firstError = (FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(gathered).Value;
        Assert.IsType<ArithmeticException>(firstError.SubFailure.Value);
        Assert.Equal(1, firstError.Index);
        DeferredAssert.Swallow(bad);
    }

    [Fact]
    public void WithoutConsumeErrorsTheMemberKeepsItsFailure()
    {
        var bad = Deferred.Fail<int>(new ArithmeticException("oh noes"));
        var gathered = Deferred.GatherResults(new[] { bad });
        Assert.True(bad.IsFailed);
        DeferredAssert.Swallow(bad);
        DeferredAssert.Swallow(gathered);
    }

    [Fact]
    public void ConsumeErrorsTurnsTheMemberFailureIntoDefault()
    {
        var good = Deferred.Succeed(1);
        var bad = Deferred.Fail<int>(new ArithmeticException("oh noes"));
        var gathered = Deferred.GatherResults(new[] { good, bad }, consumeErrors: true);

        var unconsumed = new List<Failure>();
        bad.AddErrback(f => { unconsumed.Add(f); return -1; });
        Assert.Empty(unconsumed);
        Assert.Equal(0, bad.Result);
        var firstError = (FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(gathered).Value;
        Assert.IsType<ArithmeticException>(firstError.SubFailure.Value);
    }

    [Fact]
    public void CancelCancelsEveryMemberAndFailsWithFirstErrorWrappingCancellation()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        gathered.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
        var firstError = (FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(gathered).Value;
        Assert.NotNull(firstError.SubFailure.Check(typeof(CancelledException)));
    }

    [Fact]
    public void CancelWhenEveryCancellerCallsBackFiresWithTheirResults()
    {
        var d1 = new Deferred<string>(d => d.Callback("Callback Result"));
        var d2 = new Deferred<string>(d => d.Callback("Callback Result"));
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        gathered.Cancel();
        Assert.Equal(new[] { "Callback Result", "Callback Result" }, DeferredAssert.SuccessResultOf(gathered));
    }

    [Fact]
    public void CancelWhenEveryMemberCancellerThrowsLeavesTheResultPendingUntilTheMembersFire()
    {
        using var capture = UnhandledFailures.Capture();
        var d1 = new Deferred<int>(_ => throw new InvalidTimeZoneException("x"));
        var d2 = new Deferred<int>(_ => throw new InvalidTimeZoneException("y"));
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        gathered.Cancel();
        DeferredAssert.NoResult(gathered);
        Assert.Equal(2, capture.Flush(typeof(InvalidTimeZoneException)).Count);

        d1.Callback(1);
        d2.Callback(2);
        Assert.Equal(new[] { 1, 2 }, DeferredAssert.SuccessResultOf(gathered));
    }

    [Fact]
    public void UntypedFormFiresWithTheValuesInInputOrder()
    {
        var d1 = new Deferred();
        var gathered = Deferred.GatherResults(new Deferred[] { d1, Deferred.Succeed("x") });
        d1.Callback(5);
        Assert.Equal(new object?[] { 5, "x" }, (IReadOnlyList<object?>)DeferredAssert.SuccessResultOf(gathered)!);
    }

    [Fact]
    public void UntypedFormFailsWithFirstError()
    {
        var d1 = new Deferred();
        var gathered = Deferred.GatherResults(new[] { new Deferred(), d1 }, consumeErrors: true);
        d1.Errback(new GenericException("x"));
        Assert.Equal(1, ((FirstErrorException)DeferredAssert.FailureResultOf<FirstErrorException>(gathered).Value).Index);
    }

    [Fact]
    public void UntypedFormCancelCancelsEveryMember()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        gathered.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(d1);
        DeferredAssert.FailureResultOf<CancelledException>(d2);
        DeferredAssert.FailureResultOf<FirstErrorException>(gathered);
    }
}
