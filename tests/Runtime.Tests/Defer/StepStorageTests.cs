using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

/// <summary>How a Deferred stores its steps: sized for the common case, growing without losing order.</summary>
public class StepStorageTests
{
    [Fact]
    public void StepsAddedAfterALoneObserverRunInTheOrderAdded()
    {
        var seen = new List<string>();
        var d = new Deferred<int>();
        d.AddContinuation(() => seen.Add("observer"));
        for (int i = 0; i < 9; i++)
        {
            int n = i;
            d.AddCallback(x => { seen.Add("callback" + n); return x + 1; });
        }

        d.AddContinuation(() => seen.Add("last observer"));
        d.Callback(0);

        Assert.Equal(11, seen.Count);
        Assert.Equal("observer", seen[0]);
        Assert.Equal("callback8", seen[9]);
        Assert.Equal("last observer", seen[10]);
        Assert.Equal(9, d.Result);
    }

    [Fact]
    public void AnObserverAddedAgainAfterTheFirstRanReusesTheSlot()
    {
        int runs = 0;
        var d = new Deferred<int>();
        d.AddContinuation(() => runs++);
        d.Callback(1);
        d.AddContinuation(() => runs++);
        d.AddCallback(x => x * 5);
        Assert.Equal(2, runs);
        Assert.Equal(5, d.Result);
    }

    [Fact]
    public void ALoneObserverAllocatesLessThanALoneCallback()
    {
        Func<int, int> callback = static x => x;
        Action observer = static () => { };
        long observed = Measure(d => d.AddContinuation(observer));
        long called = Measure(d => d.AddCallback(callback));
        Assert.True(observed < called, $"an observer's step storage took {observed} B, a callback's {called} B");
    }

    private static long Measure(Action<Deferred<int>> addStep)
    {
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++) // the first round may include one-time allocations
        {
            var d = new Deferred<int>();
            long before = GC.GetAllocatedBytesForCurrentThread();
            addStep(d);
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            d.Callback(0);
        }

        return best;
    }
}
