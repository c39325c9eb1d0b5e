using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

public class PauseTests
{
    [Fact]
    public void PausedDeferredRunsNoCallbacksUntilUnpaused()
    {
        var d = new Deferred();
        var seen = new List<object?>();
        d.Pause();
        d.AddCallback(x => { seen.Add(x); return x; });
        d.Callback(1);
        Assert.Empty(seen);
        Assert.True(d.Paused);
        d.Unpause();
        Assert.Equal(new object?[] { 1 }, seen);
    }

    [Fact]
    public void PausesAreCounted()
    {
        var d = new Deferred();
        bool ran = false;
        d.AddCallback(x => { ran = true; return x; });
        d.Pause();
        d.Pause();
        d.Callback(1);
        d.Unpause();
        Assert.False(ran);
        d.Unpause();
        Assert.True(ran);
    }

    [Fact]
    public void UnpauseOfAnUnpausedDeferredThrows()
    {
        var d = new Deferred();
        Assert.Throws<InvalidOperationException>(() => d.Unpause());
    }

    [Fact]
    public void PauseInsideACallbackStopsTheRestOfTheChain()
    {
        var d = new Deferred();
        var seen = new List<string>();
        d.AddCallback(x => { seen.Add("one"); d.Pause(); return x; });
        d.AddCallback(x => { seen.Add("two"); return x; });
        d.Callback(null);
        Assert.Equal(new[] { "one" }, seen);
        d.Unpause();
        Assert.Equal(new[] { "one", "two" }, seen);
    }

    [Fact]
    public void PausedChainedDeferredHoldsUpOnlyTheDeferredsWaitingOnIt()
    {
        var inner = Deferred.Succeed((object?)"v");
        inner.Pause();
        var waiting = new Deferred();
        var independent = new Deferred();
        waiting.AddCallback(_ => inner);
        waiting.Callback(null);
        independent.Callback("free");
        Assert.False(waiting.HasResult);
        Assert.Equal("free", independent.Result);
        inner.Unpause();
        Assert.Equal("v", waiting.Result);
    }
}
