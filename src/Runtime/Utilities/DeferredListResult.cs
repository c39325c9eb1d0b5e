namespace Torsion;

/// <summary>
/// The outcome of one member of a <see cref="DeferredList{T}"/>: its value when
/// <see cref="Success"/> is true, its <see cref="Failure"/> otherwise.
/// </summary>
/// <typeparam name="T">The members' result type.</typeparam>
/// <param name="Success">True when the member succeeded (Twisted's <c>SUCCESS</c>), false when it failed.</param>
/// <param name="Value">The member's value when it succeeded; default otherwise.</param>
/// <param name="Failure">The member's failure when it failed; null otherwise.</param>
public readonly record struct DeferredListResult<T>(bool Success, T? Value, Failure? Failure)
{
    /// <summary>The value or the <see cref="Torsion.Failure"/>, boxed, as Twisted's result pair holds it.</summary>
    public object? ResultOrFailure => Success ? Value : Failure;
}
