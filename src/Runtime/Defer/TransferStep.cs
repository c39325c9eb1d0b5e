namespace Torsion;

/// <summary>
/// The step at which a chain moves from one typed handle to another (a callback that changes the
/// result type). Knows both types, so values move between handles without boxing.
/// </summary>
internal abstract class TransferStep
{
    protected TransferStep(Deferred target) => Target = target;

    /// <summary>The handle the chain continues under.</summary>
    public Deferred Target { get; }

    /// <summary>
    /// Computes the target's result from <paramref name="source"/>'s current result, and fires the
    /// target. Exceptions from user code become the target's failure; nothing is thrown.
    /// </summary>
    /// <returns>The target when its callbacks should run next; null when it now waits on another Deferred.</returns>
    public abstract Deferred? Run(Deferred source);
}
