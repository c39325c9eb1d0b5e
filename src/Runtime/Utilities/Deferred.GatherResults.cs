using System;
using System.Collections.Generic;

namespace Torsion;

// Twisted's gatherResults.
public partial class Deferred
{
    /// <summary>
    /// Waits for all of <paramref name="deferreds"/> and fires with their values in the order given
    /// (Twisted's <c>gatherResults</c>). As soon as one fails, the result fails with
    /// <see cref="FirstErrorException"/> carrying that failure (<see cref="FirstErrorException.SubFailure"/>)
    /// and the member's position (<see cref="FirstErrorException.Index"/>). Cancelling the result
    /// before it fired cancels every member (so it fails with a <see cref="FirstErrorException"/>
    /// wrapping the first member's <see cref="CancelledException"/>).
    /// </summary>
    /// <typeparam name="T">The members' result type.</typeparam>
    /// <param name="deferreds">The Deferreds to wait for; copied. An empty collection fires with an empty list at once.</param>
    /// <param name="consumeErrors">
    /// Replace each member's failure with <c>default</c> in the member's own chain once recorded, so
    /// members do not report failures as unhandled.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a handle retired by a type-changing callback.</exception>
    public static Deferred<IReadOnlyList<T>> GatherResults<T>(IEnumerable<Deferred<T>> deferreds, bool consumeErrors = false)
    {
        var list = new DeferredList<T>(deferreds, fireOnOneErrback: true, consumeErrors: consumeErrors);

        // The result is a Deferred of its own, fed by the list's chain, rather than the handle a
        // type-changing AddCallback returns: cancelling that handle would fail it at once even when
        // the members' cancellers did not fire them, whereas Twisted's gatherResults (the list
        // itself) stays pending until the members fire.
        var gathered = new Deferred<IReadOnlyList<T>>();
        gathered.SetCancelHandler(_ => ForwardCancel(list));
        list.AddCallback<IReadOnlyList<T>>(static results =>
        {
            var values = new T[results.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = results[i].Value!;
            }

            return values;
        }).ChainDeferred(gathered);
        return gathered;
    }

    /// <summary>
    /// The untyped <see cref="GatherResults{T}(IEnumerable{Deferred{T}}, bool)"/>: fires with an
    /// <c>IReadOnlyList&lt;object?&gt;</c> of the members' values in the order given, or fails with
    /// <see cref="FirstErrorException"/> on the first failure. Cancelling it before it fired cancels
    /// every member.
    /// </summary>
    /// <param name="deferreds">The Deferreds to wait for; copied. An empty collection fires with an empty list at once.</param>
    /// <param name="consumeErrors">Replace each member's failure with null in the member's own chain once recorded.</param>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a handle retired by a type-changing callback.</exception>
    public static Deferred GatherResults(IEnumerable<Deferred> deferreds, bool consumeErrors = false)
    {
        var list = new DeferredList(deferreds, fireOnOneErrback: true, consumeErrors: consumeErrors);
        return list.AddCallback(static results =>
        {
            var pairs = (IReadOnlyList<(bool Success, object? ResultOrFailure)>)results!;
            var values = new object?[pairs.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = pairs[i].ResultOrFailure;
            }

            return (IReadOnlyList<object?>)values;
        });
    }
}
