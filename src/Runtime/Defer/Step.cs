namespace Torsion;

/// <summary>
/// One entry of a Deferred's chain. Stored inline in the Deferred's step array (24 bytes), so adding
/// a callback allocates nothing beyond the callback's own delegate.
/// </summary>
/// <remarks>
/// The meaning of the two references depends on <see cref="Kind"/> and on the handle that owns the
/// step. <see cref="StepKind.Pair"/> and <see cref="StepKind.Bind"/> hold a callback and an errback:
/// an untyped <see cref="Deferred"/> stores <c>Func&lt;object?, object?&gt;</c> and
/// <c>Func&lt;Failure, object?&gt;</c>, a <see cref="Deferred{T}"/> delegates over <c>T</c>.
/// <see cref="StepKind.Notify"/> holds its observer in <see cref="Callback"/>; the other kinds hold
/// their target (a Deferred or a <see cref="TransferStep"/>) there too, read through <see cref="Target"/>.
/// </remarks>
internal readonly struct Step
{
    public readonly object? Callback;
    public readonly object? Errback;
    public readonly StepKind Kind;

    public Step(StepKind kind, object? callback, object? errback, object? target)
    {
        Kind = kind;
        Callback = target ?? callback;
        Errback = errback;
    }

    /// <summary>The Deferred or transfer a <see cref="StepKind.Transfer"/>, <see cref="StepKind.ChainTo"/> or <see cref="StepKind.Continue"/> step points at.</summary>
    public object? Target => Callback;
}
