namespace Torsion;

/// <summary>What one entry of a Deferred's chain does when the chain reaches it.</summary>
internal enum StepKind : byte
{
    /// <summary>A callback/errback pair that keeps the handle's result type. Either side may be null (pass-through).</summary>
    Pair,

    /// <summary>A typed callback/errback pair that returns a <see cref="Deferred{T}"/> of the same type (chaining).</summary>
    Bind,

    /// <summary>Moves the result into another handle of the same chain (a callback that changes the result type).</summary>
    Transfer,

    /// <summary><see cref="Deferred.ChainDeferred"/>: hands the result to another Deferred, then continues with an empty result.</summary>
    ChainTo,

    /// <summary>Hands the result to the Deferred that returned this one from a callback and is waiting for it.</summary>
    Continue,

    /// <summary>Calls an observer (an awaiter, a generated state machine) and leaves the result in place.</summary>
    Notify,
}
