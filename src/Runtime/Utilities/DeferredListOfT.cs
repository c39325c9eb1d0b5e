using System;
using System.Collections.Generic;

namespace Torsion;

/// <summary>
/// The typed <see cref="DeferredList"/>: collects the results of several
/// <see cref="Deferred{T}"/> members and fires, once they have all fired, with one
/// <see cref="DeferredListResult{T}"/> per member in the order given.
/// </summary>
/// <typeparam name="T">The members' result type.</typeparam>
/// <remarks>
/// <para>
/// Everything works as in <see cref="DeferredList"/>: members are observed without changing their
/// type or handle, fired members are processed during construction, <see cref="ConsumeErrors"/>
/// replaces a recorded failure with <c>default</c> in the member's chain,
/// <see cref="FireOnOneErrback"/> fails the list with <see cref="FirstErrorException"/> on the first
/// failure, an empty list fires with an empty list at once, and cancelling the list before it fired
/// cancels every member (reporting exceptions from cancellers through
/// <see cref="UnhandledFailures"/>).
/// </para>
/// <para>
/// Twisted's <c>fireOnOneCallback</c> changes the result's type, so it is not offered here: use
/// <see cref="Deferred.Race{T}(IEnumerable{Deferred{T}})"/> (which also cancels the losers) or the
/// untyped <see cref="DeferredList"/>.
/// </para>
/// </remarks>
public class DeferredList<T> : Deferred<IReadOnlyList<DeferredListResult<T>>>
{
    private readonly Deferred<T>[] _deferreds;
    private readonly DeferredListResult<T>[] _results;
    private readonly bool[] _finished;

    /// <summary>Creates a list watching <paramref name="deferreds"/>.</summary>
    /// <param name="deferreds">The Deferreds to collect; copied.</param>
    /// <param name="fireOnOneErrback">Fail with <see cref="FirstErrorException"/> as soon as one member fails.</param>
    /// <param name="consumeErrors">After recording a member's failure, replace it with <c>default</c> in the member's own chain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a handle retired by a type-changing callback.</exception>
    public DeferredList(IEnumerable<Deferred<T>> deferreds, bool fireOnOneErrback = false, bool consumeErrors = false)
    {
        _deferreds = MemberObservation.Copy(deferreds, nameof(deferreds));
        _results = new DeferredListResult<T>[_deferreds.Length];
        _finished = new bool[_deferreds.Length];
        FireOnOneErrback = fireOnOneErrback;
        ConsumeErrors = consumeErrors;
        SetCancelHandler(static list => ((DeferredList<T>)list).CancelMembers());

        if (_deferreds.Length == 0)
        {
            Callback(Array.Empty<DeferredListResult<T>>());
        }

        for (int i = 0; i < _deferreds.Length; i++)
        {
            Deferred<T> member = _deferreds[i];
            int index = i;
            MemberObservation.Observe(member, () => OnMemberResult(member, index));
        }
    }

    /// <summary>True when the list fails with <see cref="FirstErrorException"/> on the first member that fails.</summary>
    public bool FireOnOneErrback { get; }

    /// <summary>True when members' failures are replaced with <c>default</c> in the members' own chains once recorded.</summary>
    public bool ConsumeErrors { get; }

    /// <summary>The members, in the order given.</summary>
    public IReadOnlyList<Deferred<T>> Deferreds => _deferreds;

    /// <summary>How many members have delivered a result so far.</summary>
    public int FinishedCount { get; private set; }

    /// <summary>The results recorded so far, one slot per member: null while the member has not delivered its result.</summary>
    public IReadOnlyList<DeferredListResult<T>?> ResultList
    {
        get
        {
            var snapshot = new DeferredListResult<T>?[_results.Length];
            for (int i = 0; i < _results.Length; i++)
            {
                snapshot[i] = _finished[i] ? _results[i] : null;
            }

            return snapshot;
        }
    }

    private void OnMemberResult(Deferred<T> member, int index)
    {
        Failure? failure = member.CurrentFailure;
        _results[index] = failure is null
            ? new DeferredListResult<T>(true, member.CurrentValue, null)
            : new DeferredListResult<T>(false, default, failure);
        _finished[index] = true;
        FinishedCount++;

        bool fire = !Called && ((failure is not null && FireOnOneErrback) || FinishedCount == _results.Length);
        if (failure is not null && ConsumeErrors)
        {
            member.ReleaseResult();
        }

        if (!fire)
        {
            return;
        }

        // This observer runs as a step of the member's chain: firing as a tail call lets the runner
        // run the list's chain next, so lists nested to any depth complete in constant stack.
        if (failure is not null && FireOnOneErrback)
        {
            ResolveAsTail((object)new Failure(new FirstErrorException(failure, index)));
        }
        else
        {
            ResolveAsTail(_results);
        }
    }

    private void CancelMembers() => MemberObservation.ForwardCancelAll(_deferreds, "a DeferredList");
}
