using System;
using System.Collections.Generic;

namespace Torsion.Tests.Tasks;

/// <summary>
/// A scheduler for a <see cref="Cooperator"/> that runs nothing until <see cref="Pump"/> (Twisted's test
/// FakeScheduler).
/// </summary>
internal sealed class FakeScheduler
{
    private List<FakeDelayedCall> _work = new();

    public int ScheduledCount { get; private set; }

    public IReadOnlyList<FakeDelayedCall> Work => _work;

    public IDelayedCall Schedule(Action tick)
    {
        ScheduledCount++;
        var call = new FakeDelayedCall(tick);
        _work.Add(call);
        return call;
    }

    /// <summary>Runs every scheduled, uncancelled unit of work that is currently available.</summary>
    public void Pump()
    {
        List<FakeDelayedCall> work = _work;
        _work = new List<FakeDelayedCall>();
        foreach (FakeDelayedCall call in work)
        {
            call.RunIfActive();
        }
    }
}

/// <summary>A delayed call of <see cref="FakeScheduler"/>: records cancellation.</summary>
internal sealed class FakeDelayedCall : IDelayedCall
{
    private readonly Action _tick;

    public FakeDelayedCall(Action tick) => _tick = tick;

    public bool Cancelled { get; private set; }

    public bool Ran { get; private set; }

    public double Time { get; private set; }

    public bool Active => !Cancelled && !Ran;

    public void Cancel()
    {
        if (Cancelled)
        {
            throw new AlreadyCancelledException();
        }

        if (Ran)
        {
            throw new AlreadyCalledException();
        }

        Cancelled = true;
    }

    public void Reset(TimeSpan delay) => Time = delay.TotalSeconds;

    public void Delay(TimeSpan delay) => Time += delay.TotalSeconds;

    public void RunIfActive()
    {
        if (Active)
        {
            Ran = true;
            _tick();
        }
    }
}
