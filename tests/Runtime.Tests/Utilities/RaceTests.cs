using System;
using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>Race, with the semantics of Twisted's defer.race (23.10+).</summary>
public class RaceTests
{
    [Fact]
    public void FiresWithIndexAndResultOfTheFirstSuccess()
    {
        var d1 = new Deferred<string>();
        var d2 = new Deferred<string>();
        var race = Deferred.Race(new[] { d1, d2 });
        d2.Callback("fast");
        Assert.Equal((1, "fast"), DeferredAssert.SuccessResultOf(race));
    }

    [Fact]
    public void TheWinnerCancelsEveryOtherInput()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var d3 = new Deferred<int>();
        var cancelled = new List<int>();
        d1.AddErrback(f => { f.Trap(typeof(CancelledException)); cancelled.Add(1); return 0; });
        d3.AddErrback(f => { f.Trap(typeof(CancelledException)); cancelled.Add(3); return 0; });
        _ = Deferred.Race(new[] { d1, d2, d3 });
        d2.Callback(2);
        Assert.Equal(new[] { 1, 3 }, cancelled);
    }

    [Fact]
    public void TheWinnerIsNotCancelled()
    {
        bool winnerCancelled = false;
        var d1 = new Deferred<int>(_ => winnerCancelled = true);
        var d2 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1, d2 });
        d1.Callback(1);
        Assert.False(winnerCancelled);
        Assert.Equal((0, 1), DeferredAssert.SuccessResultOf(race));
    }

    [Fact]
    public void AnAlreadyFiredInputWinsDuringTheCall()
    {
        var d2 = new Deferred<int>();
        var race = Deferred.Race(new[] { Deferred.Succeed(5), d2 });
        Assert.Equal((0, 5), DeferredAssert.SuccessResultOf(race));
        Assert.True(d2.Called);
    }

    [Fact]
    public void FailuresBeforeASuccessDoNotDecideTheRace()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1, d2 });
        d1.Errback(new GenericException("first"));
        DeferredAssert.NoResult(race);
        d2.Callback(2);
        Assert.Equal((1, 2), DeferredAssert.SuccessResultOf(race));
    }

    [Fact]
    public void WhenEveryInputFailsItFailsWithFailureGroupInInputOrder()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1, d2 });
        d2.Errback(new GenericException("second"));
        d1.Errback(new GenericException("first"));

        var group = (FailureGroupException)DeferredAssert.FailureResultOf<FailureGroupException>(race).Value;
        Assert.Equal(new[] { "first", "second" }, new[] { group.Failures[0].Value.Message, group.Failures[1].Value.Message });
    }

    [Fact]
    public void CancellingTheResultCancelsEveryInputAndFailsWithFailureGroup()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1, d2 });
        race.Cancel();

        var group = (FailureGroupException)DeferredAssert.FailureResultOf<FailureGroupException>(race).Value;
        Assert.Equal(2, group.Failures.Count);
        Assert.All(group.Failures, f => Assert.NotNull(f.Check(typeof(CancelledException))));
    }

    [Fact]
    public void TheRaceConsumesInputResults()
    {
        using var capture = UnhandledFailures.Capture();
        Run();
        Assert.Empty(capture.Flush());

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void Run()
        {
            var d1 = new Deferred<int>();
            var d2 = new Deferred<int>();
            var race = Deferred.Race(new[] { d1, d2 });
            d1.Callback(1);
            Assert.Equal(0, d1.Result);
            Assert.False(d2.IsFailed); // its CancelledException was consumed
            GC.KeepAlive(race);
        }
    }

    [Fact]
    public void LateResultsFromLosersAreDroppedSilently()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>();
        d2.Pause(); // the loser's cancellation failure reaches the race only after the race was won
        var race = Deferred.Race(new[] { d1, d2 });
        d1.Callback(1);
        d2.Unpause();
        Assert.Equal((0, 1), DeferredAssert.SuccessResultOf(race));
        Assert.False(d2.IsFailed);
        d2.Callback(2); // swallowed: cancelled without a canceller
        Assert.Equal((0, 1), DeferredAssert.SuccessResultOf(race));
    }

    [Fact]
    public void ALoserThatSucceedsInItsCancellerDoesNotChangeTheResult()
    {
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>(d => d.Callback(99));
        var race = Deferred.Race(new[] { d1, d2 });
        d1.Callback(1);
        Assert.Equal((0, 1), DeferredAssert.SuccessResultOf(race));
        Assert.Equal(0, d2.Result);
    }

    [Fact]
    public void AResultArrivingAfterTheRaceWasCancelledIsDropped()
    {
        var d1 = new Deferred<int>(_ => { throw new InvalidTimeZoneException("stuck"); });
        using var capture = UnhandledFailures.Capture();
        var race = Deferred.Race(new[] { d1 });
        race.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(race);
        d1.Callback(5); // the canceller threw, so d1 is still unfired
        DeferredAssert.FailureResultOf<CancelledException>(race);
        Assert.Single(capture.Flush(typeof(InvalidTimeZoneException)));
    }

    [Fact]
    public void EmptyInputNeverFiresUntilCancelled()
    {
        var race = Deferred.Race(Array.Empty<Deferred<int>>());
        DeferredAssert.NoResult(race);
        race.Cancel();
        DeferredAssert.FailureResultOf<CancelledException>(race);
    }

    [Fact]
    public void CancelAfterTheRaceWasWonDoesNothing()
    {
        var d1 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1 });
        d1.Callback(3);
        race.Cancel();
        Assert.Equal((0, 3), DeferredAssert.SuccessResultOf(race));
    }

    [Fact]
    public void AThrowingLoserCancellerIsReportedAndTheWinnerStillDelivered()
    {
        using var capture = UnhandledFailures.Capture();
        var d1 = new Deferred<int>();
        var d2 = new Deferred<int>(_ => throw new InvalidTimeZoneException("boom"));
        var d3 = new Deferred<int>();
        var race = Deferred.Race(new[] { d1, d2, d3 });
        d1.Callback(1);
        Assert.Equal((0, 1), DeferredAssert.SuccessResultOf(race));
        Assert.True(d3.Called);
        Assert.Single(capture.Flush(typeof(InvalidTimeZoneException)));
    }

    [Fact]
    public void UntypedRaceFiresWithIndexAndBoxedResult()
    {
        var d1 = new Deferred();
        var d2 = new Deferred();
        var race = Deferred.Race(new[] { d1, d2 });
        d1.Callback("a");
        Assert.Equal((0, (object?)"a"), DeferredAssert.SuccessResultOf(race));
        Assert.True(d2.Called);
    }

    [Fact]
    public void UntypedRaceFailsWithFailureGroupWhenAllFail()
    {
        var d1 = new Deferred();
        var race = Deferred.Race(new[] { d1 });
        d1.Errback(new GenericException("x"));
        var group = (FailureGroupException)DeferredAssert.FailureResultOf<FailureGroupException>(race).Value;
        Assert.Equal("x", Assert.Single(group.Failures).Value.Message);
    }

    [Fact]
    public void NullInputThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => Deferred.Race(new Deferred<int>[] { null! }));
}
