using System;

namespace Torsion;

// Typed errbacks that pass a failure on (Twisted's "return failure" from an errback) without
// leaving the typed chain: the step stays on this handle and the chain stays failed.
public partial class Deferred<T>
{
    /// <summary>
    /// Adds an errback that passes a failure on — the one it got, or another — and keeps the result
    /// type (Twisted's errback that returns its failure); returns this Deferred.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <c>typed.AddErrback(f =&gt; { Log(f); return f; })</c> binds here: the chain stays failed, with the
    /// returned <see cref="Failure"/>, and values pass this step untouched. Returning the same
    /// <see cref="Failure"/> keeps its identity, stack trace and route; returning another one records
    /// on its route that this errback returned it. To recover instead, return a <typeparamref name="T"/>
    /// (<see cref="AddErrback(Func{Failure, T})"/>); throwing from the errback fails the chain with the
    /// thrown exception, as in every errback.
    /// </para>
    /// <para>
    /// On a <c>Deferred&lt;Failure&gt;</c> this overload and <see cref="AddErrback(Func{Failure, T})"/>
    /// have the same parameter type, so a call is ambiguous (CS0121): cast the lambda to the delegate
    /// type you mean.
    /// </para>
    /// </remarks>
    /// <param name="errback">Runs when the current result is a failure; returns the failure the chain continues with.</param>
    /// <returns>This Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddErrback(Func<Failure, Failure> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        AddStep(new Step(StepKind.Pair, null, new FailurePassingErrback(errback), null));
        return this;
    }

    /// <summary>
    /// Runs a <see cref="FailurePassingErrback"/> step on <paramref name="failure"/>: the chain stays
    /// failed with what the errback returns, or with what it throws.
    /// </summary>
    private void RunFailurePassingErrback(FailurePassingErrback passing, Failure failure)
    {
        Func<Failure, Failure> errback = passing.Errback;
        Failure? next;
        _flags |= RunningFlag;
        try
        {
            next = errback(failure);
        }
        catch (Exception exception)
        {
            SetFailure(Failure.FromCaught(exception, failure, errback));
            return;
        }
        finally
        {
            _flags &= ~RunningFlag;
        }

        if (next is null)
        {
            SetFailure(new Failure(new InvalidOperationException(
                Failure.Describe(errback) + " returned a null Failure; return the failure to pass it on, or a value of type " + typeof(T).Name + " to recover.")));
            return;
        }

        if (!ReferenceEquals(next, failure))
        {
            next.AddRoute("returned by", errback);
        }

        SetFailure(next);
    }

    /// <summary>
    /// The errback of a step added by <see cref="AddErrback(Func{Failure, Failure})"/>. A class of its
    /// own (not the bare delegate) so that the runner can tell it from a recovering
    /// <c>Func&lt;Failure, T&gt;</c> even when <typeparamref name="T"/> is <see cref="Failure"/>.
    /// </summary>
    private sealed class FailurePassingErrback
    {
        public FailurePassingErrback(Func<Failure, Failure> errback) => Errback = errback;

        public Func<Failure, Failure> Errback { get; }
    }
}
