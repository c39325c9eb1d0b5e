namespace Torsion;

/// <summary>
/// The three phases of a reactor system event such as <c>"startup"</c> or <c>"shutdown"</c>
/// (Twisted's <c>'before'</c>, <c>'during'</c> and <c>'after'</c>).
/// </summary>
public enum SystemEventPhase
{
    /// <summary>Runs first. A trigger in this phase may return a <see cref="Deferred"/>; the event
    /// waits for every such Deferred before the <see cref="During"/> phase starts.</summary>
    Before = 0,

    /// <summary>Runs once every "before" trigger has finished (including returned Deferreds).</summary>
    During = 1,

    /// <summary>Runs right after the <see cref="During"/> phase.</summary>
    After = 2,
}
