using System;

namespace Torsion;

/// <summary>
/// Torsion's rule that a Deferred never fires with another Deferred as its result, applied to the
/// methods that fire one with the value they return: generated [InlineCallbacks] methods,
/// <see cref="InlineCallbacks.Run{T}(System.Collections.Generic.IEnumerable{Deferred})"/> and
/// <c>async Deferred&lt;T&gt;</c> methods. Such a method fails with the exception
/// <see cref="Deferred.Callback(object)"/> throws for the same mistake (an <see cref="ArgumentException"/>);
/// the exception is never thrown to the caller.
/// </summary>
internal static class DeferredResultRule
{
    /// <summary>The failure of a method that returned <paramref name="returned"/>, a Deferred.</summary>
    public static Failure ReturnedDeferred(Deferred returned, string method) =>
        new(new ArgumentException(
            "A Deferred cannot be fired with another Deferred as its result: " + method + " returned " + returned.GetType().Name
            + " as its value. Wait for the other Deferred first (yield or await it) and return its result.",
            "result"));
}
