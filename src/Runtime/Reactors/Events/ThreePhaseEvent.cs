using System;
using System.Collections.Generic;

namespace Torsion.Reactors.Events;

/// <summary>
/// One system event's triggers in three phases (Twisted's <c>_ThreePhaseEvent</c>). Each trigger
/// runs once, in the order added. "Before" triggers may return Deferreds that delay the rest.
/// </summary>
internal sealed class ThreePhaseEvent
{
    private readonly ReactorBase _reactor;
    private readonly List<Trigger>[] _phases = { new(), new(), new() };
    private List<Trigger>? _finishedBefore;

    public ThreePhaseEvent(ReactorBase reactor) => _reactor = reactor;

    internal sealed class Trigger
    {
        public Trigger(SystemEventPhase phase, Func<object?> callable, Delegate original)
        {
            Phase = phase;
            Callable = callable;
            Original = original;
        }

        public SystemEventPhase Phase { get; }

        public Func<object?> Callable { get; }

        public Delegate Original { get; }
    }

    public Trigger Add(SystemEventPhase phase, Func<object?> callable, Delegate original)
    {
        var trigger = new Trigger(phase, callable, original);
        _phases[(int)phase].Add(trigger);
        return trigger;
    }

    public void Remove(Trigger trigger)
    {
        if (trigger.Phase == SystemEventPhase.Before && _finishedBefore is not null && _finishedBefore.Contains(trigger))
        {
            // Twisted warns (DeprecationWarning) and otherwise ignores removing a "before" trigger
            // that already ran while the event fires.
            return;
        }

        if (!_phases[(int)trigger.Phase].Remove(trigger))
        {
            throw new ArgumentException("The system event trigger was already removed or has already run.", "triggerId");
        }
    }

    public void Fire()
    {
        _finishedBefore = new List<Trigger>();
        var waiting = new List<Deferred>();
        var before = _phases[(int)SystemEventPhase.Before];
        while (before.Count > 0)
        {
            var trigger = before[0];
            before.RemoveAt(0);
            _finishedBefore.Add(trigger);
            object? result = _reactor.InvokeTrigger(trigger);
            if (result is Deferred deferred)
            {
                waiting.Add(deferred);
            }
        }

        if (waiting.Count == 0)
        {
            ContinueFiring();
            return;
        }

        // Like DeferredList: continue once every returned Deferred has fired, whatever its result.
        int remaining = waiting.Count;
        foreach (var deferred in waiting)
        {
            try
            {
                deferred.AddBoth(result =>
                {
                    if (result is Failure failure)
                    {
                        _reactor.LogTriggerFailure(failure);
                    }

                    if (--remaining == 0)
                    {
                        ContinueFiring();
                    }

                    return null;
                });
            }
            catch (Exception e)
            {
                // A Deferred that cannot be waited on (a retired handle): the trigger's error is
                // logged and counts as done, so the event (and a shutdown) still completes.
                _reactor.LogTriggerFailure(new Failure(e));
                if (--remaining == 0)
                {
                    ContinueFiring();
                }
            }
        }
    }

    private void ContinueFiring()
    {
        _finishedBefore = null;
        foreach (var phase in new[] { SystemEventPhase.During, SystemEventPhase.After })
        {
            var list = _phases[(int)phase];
            while (list.Count > 0)
            {
                var trigger = list[0];
                list.RemoveAt(0);
                _reactor.InvokeTrigger(trigger);
            }
        }
    }
}
