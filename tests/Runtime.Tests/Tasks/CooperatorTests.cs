using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Testing;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

public sealed class CooperatorTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static Func<Func<bool>> NeverEndTick => () => () => false;

    private static Func<Func<bool>> OneUnitPerTick => () => () => true;

    private static IEnumerable<object?> Count(int n, List<int>? log = null)
    {
        for (int i = 0; i < n; i++)
        {
            log?.Add(i);
            yield return i;
        }
    }

    private static IEnumerable<object?> Log<T>(IEnumerable<T> things, List<object?> log)
    {
        foreach (T thing in things)
        {
            log.Add(thing);
            yield return null;
        }
    }

    private static IEnumerable<object?> Throws()
    {
        throw new TestException();
#pragma warning disable CS0162 // Unreachable code: the yield makes this an iterator method.
        yield break;
#pragma warning restore CS0162
    }

    private static IEnumerable<object?> Yields(Deferred deferred)
    {
        yield return deferred;
    }

    [Fact]
    public void CoIterate_OnAStoppedCooperator_FailsWithSchedulerStopped()
    {
        var cooperator = new Cooperator(new Clock());
        cooperator.Stop();
        FailureOf<SchedulerStoppedException>(cooperator.CoIterate(Count(0)));
    }

    [Fact]
    public void CoIterate_WithAGivenDeferredOnAStoppedCooperator_FailsThatDeferred()
    {
        var cooperator = new Cooperator(new Clock());
        cooperator.Stop();
        var given = new Deferred<IEnumerator<object?>>();
        Deferred<IEnumerator<object?>> returned = cooperator.CoIterate(Count(0).GetEnumerator(), given);
        Assert.Same(given, returned);
        FailureOf<SchedulerStoppedException>(given);
    }

    [Fact]
    public void CoIterate_FiresWithTheIteratorWhenItRunsOut()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, NeverEndTick);
        IEnumerator<object?> iterator = Count(3).GetEnumerator();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(iterator);
        NoResult(done);
        clock.Advance(OneTick);
        Assert.Same(iterator, SuccessOf(done));
    }

    [Fact]
    public void Stop_WhileAnIteratorIsRunning_FailsItWithSchedulerStoppedBeforeItFinishes()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, OneUnitPerTick);
        var log = new List<int>();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Count(3, log));
        clock.Advance(OneTick);
        cooperator.Stop();
        clock.Advance(TimeSpan.FromSeconds(1));
        FailureOf<SchedulerStoppedException>(done);
        Assert.Equal(new[] { 0 }, log);
    }

    [Fact]
    public void Stop_EndsEveryTaskNotJustEveryOtherOne()
    {
        var cooperator = new Cooperator(new Clock(), started: false);
        var done = Enumerable.Range(0, 4).Select(_ => cooperator.CoIterate(Count(100))).ToList();
        cooperator.Stop();
        foreach (Deferred<IEnumerator<object?>> d in done)
        {
            FailureOf<SchedulerStoppedException>(d);
        }
    }

    [Fact]
    public void Stop_WhileATaskWaitsOnAYieldedDeferred_FailsItWithSchedulerStoppedWhenTheDeferredFires()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        var outstanding = new Deferred();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Yields(outstanding));
        clock.Advance(OneTick);
        cooperator.Stop();
        outstanding.Callback("arglebargle");
        FailureOf<SchedulerStoppedException>(done);
    }

    [Fact]
    public void Stop_CancelsThePendingTick()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        cooperator.CoIterate(Count(5)).AddErrback(_ => { });
        Assert.Single(clock.GetDelayedCalls());
        cooperator.Stop();
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void IteratorThatThrows_FailsTheTaskWithThatException()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Throws());
        clock.Advance(OneTick);
        FailureOf<TestException>(done);
    }

    [Fact]
    public void YieldedDeferredThatFailsLater_FailsTheTaskWithItsFailure()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        var yielded = new Deferred();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Yields(yielded));
        clock.Advance(OneTick);
        NoResult(done);
        yielded.Errback(new TestException());
        FailureOf<TestException>(done);
    }

    [Fact]
    public void YieldedDeferredThatAlreadyFailed_FailsTheTask()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Yields(Deferred.Fail(new TestException())));
        clock.Advance(OneTick);
        FailureOf<TestException>(done);
    }

    [Fact]
    public void YieldedDeferred_PausesTheTaskUntilItFires()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, NeverEndTick);
        var yielded = new Deferred();
        var log = new List<string>();
        IEnumerable<object?> Work()
        {
            log.Add("before");
            yield return yielded;
            log.Add("after");
        }

        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Work());
        clock.Advance(OneTick);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "before" }, log);
        Assert.Empty(clock.GetDelayedCalls());
        yielded.Callback(null);
        clock.Advance(OneTick);
        Assert.Equal(new[] { "before", "after" }, log);
        SuccessOf(done);
    }

    [Fact]
    public void Tasks_TakeTurnsOneUnitAtATime()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, NeverEndTick);
        var log = new List<object?>();
        object[][] groups =
        {
            new object[] { "a", "b", "c" },
            new object[] { 1, 2, 3 },
            new object[] { "d", "e", "f" },
            new object[] { 4, 5, 6 },
        };
        foreach (object[] group in groups)
        {
            cooperator.CoIterate(Log(group, log));
        }

        clock.Advance(OneTick);
        Assert.Equal(new object?[] { "a", 1, "d", 4, "b", 2, "e", 5, "c", 3, "f", 6 }, log);
    }

    [Fact]
    public void TerminationPredicate_EndsTheTickWhenItReturnsTrue()
    {
        var scheduler = new FakeScheduler();
        bool exhausted = false;
        var output = new List<int>();
        IEnumerable<object?> Work()
        {
            for (int i = 0; i < 100; i++)
            {
                output.Add(i);
                if (i == 9)
                {
                    exhausted = true;
                }

                yield return i;
            }
        }

        var cooperator = new Cooperator(() => () => exhausted, scheduler.Schedule);
        cooperator.CoIterate(Work()).AddErrback(_ => { });
        scheduler.Pump();
        Assert.Equal(Enumerable.Range(0, 10), output);
        cooperator.Stop();
    }

    [Fact]
    public void TerminationPredicateFactory_IsCalledOncePerTick()
    {
        var scheduler = new FakeScheduler();
        int factoryCalls = 0;
        var cooperator = new Cooperator(
            () =>
            {
                factoryCalls++;
                return () => true;
            },
            scheduler.Schedule);
        cooperator.Cooperate(Count(10));
        scheduler.Pump();
        scheduler.Pump();
        Assert.Equal(2, factoryCalls);
        cooperator.Stop();
    }

    [Fact]
    public void Rotation_ResumesWhereThePreviousTickLeftOff()
    {
        var scheduler = new FakeScheduler();
        var log = new List<object?>();
        var cooperator = new Cooperator(OneUnitPerTick, scheduler.Schedule);
        cooperator.Cooperate(Log(new[] { "a1", "a2" }, log));
        cooperator.Cooperate(Log(new[] { "b1", "b2" }, log));
        scheduler.Pump();
        scheduler.Pump();
        scheduler.Pump();
        Assert.Equal(new object?[] { "a1", "b1", "a2" }, log);
        cooperator.Stop();
    }

    [Fact]
    public void CallbackThatCoIteratesAgain_SchedulesOnlyOneTickAtATime()
    {
        var pending = new List<Action>();
        var cooperator = new Cooperator(
            OneUnitPerTick,
            tick =>
            {
                Assert.Empty(pending);
                pending.Add(tick);
                return new FakeDelayedCall(tick);
            });
        var done = new List<object?>();
        cooperator.CoIterate(Count(0)).AddCallback(_ => cooperator.CoIterate(Count(0)).AddBoth(r => done.Add(r)));
        int work = 0;
        while (done.Count == 0)
        {
            work++;
            while (pending.Count > 0)
            {
                Action tick = pending[0];
                pending.RemoveAt(0);
                tick();
                work++;
            }

            Assert.True(work <= 50, "Cooperator took too long");
        }
    }

    [Fact]
    public void RemovingTheLastTask_CancelsTheScheduledTick()
    {
        var scheduler = new FakeScheduler();
        var cooperator = new Cooperator(scheduler: scheduler.Schedule);
        CooperativeTask first = cooperator.Cooperate(Count(2));
        CooperativeTask second = cooperator.Cooperate(Count(2));
        FakeDelayedCall tick = Assert.Single(scheduler.Work);
        first.Stop();
        Assert.False(tick.Cancelled);
        second.Stop();
        Assert.True(tick.Cancelled);
    }

    [Fact]
    public void AddingATaskAfterTheLastWasRemoved_SchedulesANewTick()
    {
        var scheduler = new FakeScheduler();
        var cooperator = new Cooperator(scheduler: scheduler.Schedule);
        cooperator.Cooperate(Count(2)).Stop();
        cooperator.Cooperate(Count(2));
        Assert.Equal(2, scheduler.ScheduledCount);
        Assert.False(scheduler.Work[^1].Cancelled);
        cooperator.Stop();
    }

    [Fact]
    public void Running_IsTrueWhenStartedOnCreation()
    {
        Assert.True(new Cooperator(new Clock()).Running);
    }

    [Fact]
    public void Running_IsFalseWhenNotStarted()
    {
        Assert.False(new Cooperator(new Clock(), started: false).Running);
    }

    [Fact]
    public void Running_IsTrueAfterStart()
    {
        var cooperator = new Cooperator(new Clock(), started: false);
        cooperator.Start();
        Assert.True(cooperator.Running);
    }

    [Fact]
    public void Running_IsFalseAfterStop()
    {
        var cooperator = new Cooperator(new Clock(), started: false);
        cooperator.Start();
        cooperator.Stop();
        Assert.False(cooperator.Running);
    }

    [Fact]
    public void NotStarted_RunsNothingUntilStart()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, NeverEndTick, started: false);
        var log = new List<int>();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Count(3, log));
        Assert.Empty(clock.GetDelayedCalls());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(log);
        cooperator.Start();
        clock.Advance(OneTick);
        Assert.Equal(new[] { 0, 1, 2 }, log);
        SuccessOf(done);
    }

    [Fact]
    public void Start_AfterStop_AcceptsAndRunsNewTasks()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, NeverEndTick);
        cooperator.Stop();
        cooperator.Start();
        Deferred<IEnumerator<object?>> done = cooperator.CoIterate(Count(2));
        clock.Advance(OneTick);
        SuccessOf(done);
    }

    [Fact]
    public void ClockConstructor_SchedulesTicksWithTheSmallestDelay()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        cooperator.Cooperate(Count(1));
        IDelayedCall tick = Assert.Single(clock.GetDelayedCalls());
        Assert.Equal(1e-7, tick.Time, 12);
    }

    [Fact]
    public void ClockConstructor_DoesNotRunATickScheduledDuringAClockTurnInThatSameTurn()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, OneUnitPerTick);
        var log = new List<int>();
        cooperator.Cooperate(Count(5, log));
        clock.Advance(OneTick);
        Assert.Equal(new[] { 0 }, log);
    }

    [Fact]
    public void ClockConstructor_WithNullClock_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Cooperator((IReactorTime)null!));
    }

    [Fact]
    public void Cooperate_WithNullIterator_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Cooperator(new Clock()).Cooperate((IEnumerator<object?>)null!));
    }

    [Fact]
    public void TerminationPredicateThatThrows_PropagatesAndTheNextTickIsStillScheduled()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock, () => () => throw new TestException());
        var log = new List<int>();
        cooperator.Cooperate(Count(3, log));
        Assert.Throws<TestException>(() => clock.Advance(OneTick));
        Assert.Single(clock.GetDelayedCalls());
        Assert.Equal(new[] { 0 }, log);
    }

    [Fact]
    public void ForClock_ReturnsTheSameCooperatorForTheSameClock()
    {
        var clock = new Clock();
        Assert.Same(Cooperator.ForClock(clock), Cooperator.ForClock(clock));
    }

    [Fact]
    public void ForClock_ReturnsDifferentCooperatorsForDifferentClocks()
    {
        Assert.NotSame(Cooperator.ForClock(new Clock()), Cooperator.ForClock(new Clock()));
    }

    [Fact]
    public void ForClock_ReturnsARunningCooperator()
    {
        Assert.True(Cooperator.ForClock(new Clock()).Running);
    }

    [Fact]
    public void CooperateExtension_RunsTheIteratorOnTheClocksSharedCooperator()
    {
        var clock = new Clock();
        var log = new List<int>();
        CooperativeTask task = clock.Cooperate(Count(3, log));
        Deferred<IEnumerator<object?>> done = task.WhenDone();
        for (int i = 0; i < 10 && !done.HasResult; i++)
        {
            clock.Advance(OneTick);
        }

        Assert.Equal(new[] { 0, 1, 2 }, log);
        SuccessOf(done);
    }

    [Fact]
    public void CoIterateExtension_FiresWhenTheIteratorRunsOut()
    {
        var clock = new Clock();
        IEnumerator<object?> iterator = Count(2).GetEnumerator();
        Deferred<IEnumerator<object?>> done = clock.CoIterate(iterator);
        for (int i = 0; i < 10 && !done.HasResult; i++)
        {
            clock.Advance(OneTick);
        }

        Assert.Same(iterator, SuccessOf(done));
    }
}
