namespace Torsion;

// await support for the untyped Deferred (Deferred<T> has its own GetAwaiter).
public partial class Deferred
{
    /// <summary>Gets an awaiter, so <c>await deferred</c> works in any async method.</summary>
    public DeferredAwaiter GetAwaiter() => new(this);
}
