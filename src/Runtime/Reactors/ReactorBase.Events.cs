using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Torsion.Reactors.Events;

namespace Torsion;

public abstract partial class ReactorBase
{
    private readonly Dictionary<string, ThreePhaseEvent> _events = new();

    /// <inheritdoc/>
    public SystemEventTriggerId? CallWhenRunning(Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        CheckThread();
        if (_running)
        {
            callable();
            return null;
        }

        return AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, callable);
    }

    /// <inheritdoc/>
    public SystemEventTriggerId AddSystemEventTrigger(SystemEventPhase phase, string eventType, Func<object?> callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        return AddTrigger(phase, eventType, callable, callable);
    }

    /// <inheritdoc/>
    public SystemEventTriggerId AddSystemEventTrigger(SystemEventPhase phase, string eventType, Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        return AddTrigger(phase, eventType, () =>
        {
            callable();
            return null;
        }, callable);
    }

    private SystemEventTriggerId AddTrigger(SystemEventPhase phase, string eventType, Func<object?> callable, Delegate original)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ThrowIfDisposed();
        if (phase is not (SystemEventPhase.Before or SystemEventPhase.During or SystemEventPhase.After))
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase, "invalid phase: must be Before, During or After.");
        }

        CheckThread();
        if (!_events.TryGetValue(eventType, out var systemEvent))
        {
            systemEvent = new ThreePhaseEvent(this);
            _events.Add(eventType, systemEvent);
        }

        var trigger = systemEvent.Add(phase, callable, original);
        return new SystemEventTriggerId(eventType, phase, trigger);
    }

    /// <inheritdoc/>
    public void RemoveSystemEventTrigger(SystemEventTriggerId triggerId)
    {
        ArgumentNullException.ThrowIfNull(triggerId);
        CheckThread();
        if (triggerId.Owner is not ThreePhaseEvent.Trigger trigger || !_events.TryGetValue(triggerId.EventType, out var systemEvent))
        {
            throw new ArgumentException("The trigger handle does not belong to this reactor.", nameof(triggerId));
        }

        systemEvent.Remove(trigger);
    }

    /// <inheritdoc/>
    public void FireSystemEvent(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        CheckThread();
        if (_events.TryGetValue(eventType, out var systemEvent))
        {
            systemEvent.Fire();
        }
    }

    internal object? InvokeTrigger(ThreePhaseEvent.Trigger trigger)
    {
        long start = SlowCallbackStart();
        object? result = null;
        try
        {
            result = trigger.Callable();
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Unhandled exception in system event trigger {Callback}.", Torsion.Reactors.CallbackNames.Describe(trigger.Original));
        }

        SlowCallbackEnd(start, trigger.Original);
        return result;
    }

    internal void LogTriggerFailure(Failure failure) =>
        Logger.LogError(failure.Value, "A Deferred returned by a \"before\" system event trigger failed.");
}
