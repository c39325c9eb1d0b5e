namespace Torsion;

/// <summary>
/// The opaque handle <c>IReactorCore.AddSystemEventTrigger</c> returns, to be passed to
/// <see cref="IReactorCore.RemoveSystemEventTrigger"/>.
/// </summary>
public sealed class SystemEventTriggerId
{
    internal SystemEventTriggerId(string eventType, SystemEventPhase phase, object owner)
    {
        EventType = eventType;
        Phase = phase;
        Owner = owner;
    }

    /// <summary>The event the trigger belongs to, e.g. <see cref="SystemEvents.Shutdown"/>.</summary>
    public string EventType { get; }

    /// <summary>The phase the trigger runs in.</summary>
    public SystemEventPhase Phase { get; }

    internal object Owner { get; }

    /// <summary>Describes the trigger's event and phase.</summary>
    public override string ToString() => $"<SystemEventTrigger {Phase.ToString().ToLowerInvariant()} {EventType}>";
}
