using System.Runtime.CompilerServices;

namespace Torsion;

/// <summary>
/// One entry of a Deferred's chain: two references (16 bytes), stored inline in the Deferred's step
/// array, so adding a callback allocates nothing beyond the callback's own delegate and a chain's
/// array is as small as it can be.
/// </summary>
/// <remarks>
/// <para>
/// The most common entry, a <see cref="StepKind.Pair"/>, is stored as it is: <see cref="First"/> is
/// the callback and <see cref="Second"/> the errback (either may be null: pass-through). An untyped
/// <see cref="Deferred"/> stores <c>Func&lt;object?, object?&gt;</c> and <c>Func&lt;Failure, object?&gt;</c>,
/// a <see cref="Deferred{T}"/> delegates over <c>T</c>.
/// </para>
/// <para>
/// Every other kind keeps its one reference in <see cref="First"/> and a <see cref="StepTag"/> in
/// <see cref="Second"/>, which says what it is (a delegate is never a tag, so a pair is simply an
/// entry without one): a <see cref="StepKind.Bind"/> holds its callback or its errback (it never
/// has both), <see cref="StepKind.Notify"/> its observer, and the others their target (a Deferred
/// or a <see cref="TransferStep"/>), read through <see cref="Target"/>.
/// </para>
/// </remarks>
internal readonly struct Step
{
    /// <summary>The callback of a pair; the one reference of any other kind.</summary>
    public readonly object? First;

    /// <summary>The errback of a pair; the <see cref="StepTag"/> of any other kind.</summary>
    public readonly object? Second;

    /// <summary>Makes an entry of <paramref name="kind"/>: a pair or bind from <paramref name="callback"/> and
    /// <paramref name="errback"/>, a notify from <paramref name="callback"/>, any other kind from <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Step(StepKind kind, object? callback, object? errback, object? target)
    {
        switch (kind)
        {
            case StepKind.Pair:
                First = callback;
                Second = errback;
                break;
            case StepKind.Bind:
                First = callback ?? errback;
                Second = callback is not null ? StepTag.BindCallback : StepTag.BindErrback;
                break;
            default:
                First = target ?? callback;
                Second = StepTag.For(kind);
                break;
        }
    }

    /// <summary>What the entry does.</summary>
    public StepKind Kind
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Second is StepTag tag ? tag.Kind : StepKind.Pair;
    }

    /// <summary>The callback of a pair or bind (null if it has none); the observer of a notify.</summary>
    public object? Callback
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Second is StepTag { HoldsErrback: true } ? null : First;
    }

    /// <summary>The errback of a pair or bind (null if it has none).</summary>
    public object? Errback
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Second is StepTag tag ? (tag.HoldsErrback ? First : null) : Second;
    }

    /// <summary>The Deferred or transfer a <see cref="StepKind.Transfer"/>, <see cref="StepKind.ChainTo"/> or <see cref="StepKind.Continue"/> step points at.</summary>
    public object? Target => First;
}
