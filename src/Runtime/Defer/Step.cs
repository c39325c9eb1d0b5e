namespace Torsion;

/// <summary>
/// One entry of a Deferred's chain. Stored inline in the Deferred's step array, so adding a
/// callback allocates nothing beyond the callback's own delegate.
/// </summary>
/// <remarks>
/// The meaning of <see cref="Callback"/> and <see cref="Errback"/> depends on <see cref="Kind"/> and
/// on the handle that owns the step: an untyped <see cref="Deferred"/> stores
/// <c>Func&lt;object?, object?&gt;</c> and <c>Func&lt;Failure, object?&gt;</c>; a
/// <see cref="Deferred{T}"/> stores delegates over <c>T</c>.
/// </remarks>
internal struct Step
{
    public StepKind Kind;
    public object? Callback;
    public object? Errback;
    public object? Target;

    public Step(StepKind kind, object? callback, object? errback, object? target)
    {
        Kind = kind;
        Callback = callback;
        Errback = errback;
        Target = target;
    }
}
