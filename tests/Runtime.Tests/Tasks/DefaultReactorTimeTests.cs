using System;
using Torsion.Testing;

namespace Torsion.Tests.Tasks;

[CollectionDefinition(nameof(DefaultReactorTimeTests), DisableParallelization = true)]
public sealed class DefaultReactorTimeCollection
{
}

/// <summary>
/// The global-reactor hook the task helpers fall back on when no clock is given. These tests replace
/// the process-wide hook, so they run alone.
/// </summary>
[Collection(nameof(DefaultReactorTimeTests))]
public sealed class DefaultReactorTimeTests : IDisposable
{
    private readonly Func<IReactorTime?>? _savedProvider = DefaultReactorTime.Provider;

    public void Dispose() => DefaultReactorTime.Provider = _savedProvider;

    [Fact]
    public void LoopingCallClock_WhenNotSet_IsTheGlobalReactorFromTheHook()
    {
        var clock = new Clock();
        DefaultReactorTime.Provider = () => clock;
        Assert.Same(clock, new LoopingCall(() => { }).Clock);
    }

    [Fact]
    public void LoopingCallStart_WithoutAClockOrAGlobalReactor_ThrowsInvalidOperationAndStaysStopped()
    {
        DefaultReactorTime.Provider = null;
        int calls = 0;
        var loop = new LoopingCall(() => calls++);
        var error = Assert.Throws<InvalidOperationException>(() => loop.Start(TimeSpan.FromSeconds(1)));
        Assert.Contains("no global reactor", error.Message, StringComparison.Ordinal);
        Assert.False(loop.Running);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void LoopingCallClock_IsResolvedWhenFirstNeededNotWhenConstructed()
    {
        DefaultReactorTime.Provider = null;
        var loop = new LoopingCall(() => { });
        var clock = new Clock();
        DefaultReactorTime.Provider = () => clock;
        loop.Start(TimeSpan.FromSeconds(1));
        Assert.Single(clock.GetDelayedCalls());
    }

    [Fact]
    public void DefaultCooperator_SchedulesItsTicksOnTheGlobalReactor()
    {
        var clock = new Clock();
        DefaultReactorTime.Provider = () => clock;
        var cooperator = new Cooperator();
        Deferred<System.Collections.Generic.IEnumerator<object?>> done = cooperator.CoIterate(new object?[] { 1, 2 });
        Assert.Single(clock.GetDelayedCalls());
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(done.HasResult);
    }

    [Fact]
    public void DefaultCooperator_WithoutAGlobalReactor_ThrowsInvalidOperationWhenATaskIsAdded()
    {
        DefaultReactorTime.Provider = null;
        var cooperator = new Cooperator();
        Assert.Throws<InvalidOperationException>(() => cooperator.Cooperate(new object?[] { 1 }));
    }

    [Fact]
    public void DefaultCooperator_AfterATaskWasRefusedForLackOfAReactor_RunsOnlyTasksAddedLater()
    {
        DefaultReactorTime.Provider = null;
        var cooperator = new Cooperator(() => () => false);
        int refusedSteps = 0;
        System.Collections.Generic.IEnumerable<object?> Refused()
        {
            refusedSteps++;
            yield return null;
        }

        Assert.Throws<InvalidOperationException>(() => cooperator.Cooperate(Refused()));
        var clock = new Clock();
        DefaultReactorTime.Provider = () => clock;
        Deferred<System.Collections.Generic.IEnumerator<object?>> done = cooperator.CoIterate(new object?[] { 1 });
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(done.HasResult);
        Assert.Equal(0, refusedSteps);
    }
}
