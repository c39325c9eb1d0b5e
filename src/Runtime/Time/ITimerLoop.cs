using System;

namespace Torsion;

/// <summary>
/// What a <see cref="DelayedCallTimer"/> needs from the clock it runs on: the time on the clock's own
/// timeline, a way to schedule a call, and a way to reach the thread that owns the clock.
/// Implemented by <see cref="ReactorTimeProvider"/> and <see cref="Torsion.Testing.Clock"/>.
/// </summary>
internal interface ITimerLoop
{
    /// <summary>The current time, in 100 ns ticks on the clock's own timeline.</summary>
    long NowTicks { get; }

    /// <summary>True when the caller may schedule and cancel calls directly (it runs on the clock's thread).</summary>
    bool IsOnLoopThread { get; }

    /// <summary>Schedules <paramref name="callable"/> <paramref name="delay"/> from now. Loop thread only.</summary>
    IDelayedCall Schedule(TimeSpan delay, Action callable);

    /// <summary>Runs <paramref name="callable"/> on the loop thread soon. Any thread.</summary>
    void Post(Action callable);
}
