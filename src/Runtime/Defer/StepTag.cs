namespace Torsion;

/// <summary>
/// Marks a chain entry that is not a callback/errback pair, in the slot a pair keeps its errback in
/// (see <see cref="Step"/>). One shared instance per kind; never a delegate, so never mistaken for
/// an errback.
/// </summary>
internal sealed class StepTag
{
    /// <summary>A <see cref="StepKind.Bind"/> entry holding a callback.</summary>
    public static readonly StepTag BindCallback = new(StepKind.Bind, holdsErrback: false);

    /// <summary>A <see cref="StepKind.Bind"/> entry holding an errback.</summary>
    public static readonly StepTag BindErrback = new(StepKind.Bind, holdsErrback: true);

    private static readonly StepTag s_transfer = new(StepKind.Transfer, holdsErrback: false);
    private static readonly StepTag s_chainTo = new(StepKind.ChainTo, holdsErrback: false);
    private static readonly StepTag s_continue = new(StepKind.Continue, holdsErrback: false);
    private static readonly StepTag s_notify = new(StepKind.Notify, holdsErrback: false);

    private StepTag(StepKind kind, bool holdsErrback)
    {
        Kind = kind;
        HoldsErrback = holdsErrback;
    }

    /// <summary>The kind of entry the tag marks.</summary>
    public StepKind Kind { get; }

    /// <summary>True when the entry's reference is an errback (a bind that runs on failures).</summary>
    public bool HoldsErrback { get; }

    /// <summary>The tag of <paramref name="kind"/>, which must be neither <see cref="StepKind.Pair"/> nor <see cref="StepKind.Bind"/>.</summary>
    public static StepTag For(StepKind kind) => kind switch
    {
        StepKind.Transfer => s_transfer,
        StepKind.ChainTo => s_chainTo,
        StepKind.Continue => s_continue,
        StepKind.Notify => s_notify,
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, "Pairs and binds have no single tag."),
    };
}
