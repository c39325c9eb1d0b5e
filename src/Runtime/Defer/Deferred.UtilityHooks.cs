namespace Torsion;

// Internal hooks for the Deferred utilities (src/Runtime/Utilities): DeferredList, Race and the
// concurrency primitives attach observers to Deferreds they do not own and must refuse handles
// that can no longer take callbacks before touching any of them.
public partial class Deferred
{
    /// <summary>True when a type-changing callback continued this handle's chain under another handle.</summary>
    internal bool IsRetiredHandle => (_flags & RetiredFlag) != 0;
}
