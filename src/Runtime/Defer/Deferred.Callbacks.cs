using System;

namespace Torsion;

// The untyped callback API: Twisted's addCallbacks/addCallback/addErrback/addBoth/chainDeferred.
public partial class Deferred
{
    /// <summary>
    /// Adds a callback and an errback as one step (Twisted's <c>addCallbacks</c>). When the chain
    /// reaches the step, <paramref name="callback"/> runs if the current result is a value and
    /// <paramref name="errback"/> if it is a <see cref="Failure"/>; what it returns is the next
    /// result (return a Failure to stay on the failure path, a Deferred to wait for it). Runs at
    /// once if the Deferred already has a result.
    /// </summary>
    /// <param name="callback">Runs on a value; null passes values on.</param>
    /// <param name="errback">Runs on a failure; null passes failures on.</param>
    /// <returns>The Deferred to add further callbacks to: this one, or, on a typed handle, the untyped Deferred the chain continues as.</returns>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallbacks(Func<object?, object?>? callback, Func<Failure, object?>? errback)
        => ToUntyped().AddCallbacksCore(callback, errback);

    /// <summary>Adds a callback; failures pass it by (Twisted's <c>addCallback</c>). See <see cref="AddCallbacks"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallback(Func<object?, object?> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ToUntyped().AddCallbacksCore(callback, null);
    }

    /// <summary>Adds a callback that returns nothing: as in Twisted, the next result is null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallback(Action<object?> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ToUntyped().AddCallbacksCore(
            value =>
            {
                callback(value);
                return null;
            },
            null);
    }

    /// <summary>
    /// Adds an errback; values pass it by (Twisted's <c>addErrback</c>). Return a value to recover,
    /// return the Failure (or throw) to pass it on.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddErrback(Func<Failure, object?> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return ToUntyped().AddCallbacksCore(null, errback);
    }

    /// <summary>Adds an errback that returns nothing: as in Twisted it handles the failure and the next result is null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddErrback(Action<Failure> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return ToUntyped().AddCallbacksCore(
            null,
            failure =>
            {
                errback(failure);
                return null;
            });
    }

    /// <summary>
    /// Adds <paramref name="both"/> as callback and errback (Twisted's <c>addBoth</c>): it gets the
    /// value or the <see cref="Failure"/>, and what it returns is the next result.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="both"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddBoth(Func<object?, object?> both)
    {
        ArgumentNullException.ThrowIfNull(both);
        // Func is contravariant in its argument: the same delegate serves as the errback, so the
        // step needs no adapter and a failure's route names the user's function.
        return ToUntyped().AddCallbacksCore(both, both);
    }

    /// <summary>Adds <paramref name="both"/> for values and failures alike; it returns nothing, so the next result is null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="both"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddBoth(Action<object?> both)
    {
        ArgumentNullException.ThrowIfNull(both);
        return ToUntyped().AddCallbacksCore(
            value =>
            {
                both(value);
                return null;
            },
            failure =>
            {
                both(failure);
                return null;
            });
    }

    /// <summary>
    /// Passes this Deferred's result to <paramref name="other"/> when the chain reaches this point,
    /// firing it (Twisted's <c>chainDeferred</c>); this chain then continues with an empty result
    /// (null, or default for a typed handle), so a failure is reported, if unhandled, only by
    /// <paramref name="other"/>. One-way: firing <paramref name="other"/> does not affect this
    /// Deferred. Runs in constant stack however long a chain of chained Deferreds is. If
    /// <paramref name="other"/> was already fired when the result arrives, this chain fails with
    /// <see cref="AlreadyCalledException"/>.
    /// </summary>
    /// <returns>This Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> is this Deferred, or a typed Deferred whose type cannot hold this one's results.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback, or <paramref name="other"/> continues another Deferred's chain (it was returned by a type-changing callback) and cannot be fired directly.</exception>
    public Deferred ChainDeferred(Deferred other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A Deferred cannot be chained to itself.", nameof(other));
        }

        if ((other._flags & DerivedFlag) != 0)
        {
            // Its result comes from the chain it continues; firing it from here as well would
            // make that chain's own result be dropped when it arrives.
            throw new InvalidOperationException(
                "Cannot chain to this " + other.DescribeHandle() + ": it continues the chain of another Deferred (it was returned by a callback that changed the result type) and cannot be fired directly.");
        }

        if (!other.CanHoldResultsOf(this))
        {
            throw new ArgumentException(
                "Cannot chain a " + DescribeHandle() + " to a " + other.DescribeHandle() + ": its results would not fit.",
                nameof(other));
        }

        AddStep(new Step(StepKind.ChainTo, null, null, other));
        return this;
    }

    /// <summary>True when results of <paramref name="source"/> can be stored in this handle.</summary>
    private protected virtual bool CanHoldResultsOf(Deferred source) => true;

    /// <summary>Adds an untyped pair to this (untyped) handle.</summary>
    internal Deferred AddCallbacksCore(Func<object?, object?>? callback, Func<Failure, object?>? errback)
    {
        AddStep(new Step(StepKind.Pair, callback, errback, null));
        return this;
    }
}
