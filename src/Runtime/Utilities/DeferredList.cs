using System;
using System.Collections.Generic;

namespace Torsion;

/// <summary>
/// A Deferred that collects the results of several Deferreds and fires once they have all fired
/// (Twisted's <c>DeferredList</c>). Its result is a list of <c>(bool Success, object? ResultOrFailure)</c>
/// pairs, one per member in the order given: <c>(true, value)</c> for a member that succeeded,
/// <c>(false, failure)</c> for one that failed, the failure being a <see cref="Failure"/>.
/// </summary>
/// <remarks>
/// <para>
/// The list watches each member by adding one step to the member's chain. Callbacks added to a
/// member before the list was created change what the list sees; callbacks added afterwards see
/// the member's result as the list left it: unchanged, or null for a failure when
/// <see cref="ConsumeErrors"/> is set. Members that already have a result are processed while the
/// constructor runs, so a list of fired Deferreds has fired when the constructor returns. Typed
/// members (<see cref="Deferred{T}"/>) keep their handle: the list observes them without changing
/// their type.
/// </para>
/// <para>
/// The flags change when the list fires:
/// <list type="bullet">
/// <item><see cref="FireOnOneCallback"/>: on the first member that succeeds, with the pair
/// <c>(object? Result, int Index)</c>. An empty list then never fires. If every member fails
/// instead (and <see cref="FireOnOneErrback"/> is not set), it fires with the full list.</item>
/// <item><see cref="FireOnOneErrback"/>: on the first member that fails, with a
/// <see cref="FirstErrorException"/> carrying that member's failure and index.</item>
/// </list>
/// Without <see cref="FireOnOneCallback"/>, an empty list fires with an empty list at once.
/// Results arriving after the list fired are still recorded in <see cref="ResultList"/> (and
/// consumed when <see cref="ConsumeErrors"/> is set) but do not fire it again.
/// </para>
/// <para>
/// <see cref="Deferred.Cancel"/> on the list, while it has not fired, cancels every member (and the
/// list then fires as their cancellation failures arrive); an exception thrown by a member's
/// canceller is reported through <see cref="UnhandledFailures"/> and the other members are still
/// cancelled. Once the list has fired, cancelling it does not touch the members.
/// </para>
/// <para>
/// The list's own chain runs right after the step of the member that completed it, in the same
/// loop (never by recursion), so lists nested in lists to any depth complete in constant stack.
/// </para>
/// <para>Use <see cref="DeferredList{T}"/> for typed members and a typed result.</para>
/// </remarks>
public class DeferredList : Deferred
{
    private readonly Deferred[] _deferreds;
    private readonly (bool Success, object? ResultOrFailure)[] _results;
    private readonly bool[] _finished;

    /// <summary>Creates a list watching <paramref name="deferreds"/>; see the class remarks for the flags.</summary>
    /// <param name="deferreds">The Deferreds to collect; copied, so later changes to the collection do not matter.</param>
    /// <param name="fireOnOneCallback">Fire with <c>(result, index)</c> as soon as one member succeeds.</param>
    /// <param name="fireOnOneErrback">Fail with <see cref="FirstErrorException"/> as soon as one member fails.</param>
    /// <param name="consumeErrors">
    /// After recording a member's failure, replace it with null in the member's own chain, so the
    /// member does not report it as unhandled and callbacks added to it later see null.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a typed handle retired by a type-changing callback.</exception>
    public DeferredList(IEnumerable<Deferred> deferreds, bool fireOnOneCallback = false, bool fireOnOneErrback = false, bool consumeErrors = false)
    {
        _deferreds = MemberObservation.Copy(deferreds, nameof(deferreds));
        _results = new (bool, object?)[_deferreds.Length];
        _finished = new bool[_deferreds.Length];
        FireOnOneCallback = fireOnOneCallback;
        FireOnOneErrback = fireOnOneErrback;
        ConsumeErrors = consumeErrors;
        SetCancelHandler(static list => ((DeferredList)list).CancelMembers());

        if (_deferreds.Length == 0 && !fireOnOneCallback)
        {
            Callback(Array.Empty<(bool Success, object? ResultOrFailure)>());
        }

        for (int i = 0; i < _deferreds.Length; i++)
        {
            Deferred member = _deferreds[i];
            int index = i;
            MemberObservation.Observe(member, () => OnMemberResult(member, index));
        }
    }

    /// <summary>True when the list fires with <c>(result, index)</c> on the first member that succeeds.</summary>
    public bool FireOnOneCallback { get; }

    /// <summary>True when the list fails with <see cref="FirstErrorException"/> on the first member that fails.</summary>
    public bool FireOnOneErrback { get; }

    /// <summary>True when members' failures are replaced with null in the members' own chains once recorded.</summary>
    public bool ConsumeErrors { get; }

    /// <summary>The members, in the order given.</summary>
    public IReadOnlyList<Deferred> Deferreds => _deferreds;

    /// <summary>How many members have delivered a result so far (Twisted's <c>finishedCount</c>).</summary>
    public int FinishedCount { get; private set; }

    /// <summary>
    /// The results recorded so far, one slot per member in order: null while the member has not
    /// delivered its result, else its <c>(Success, ResultOrFailure)</c> pair (Twisted's <c>resultList</c>).
    /// </summary>
    public IReadOnlyList<(bool Success, object? ResultOrFailure)?> ResultList
    {
        get
        {
            var snapshot = new (bool Success, object? ResultOrFailure)?[_results.Length];
            for (int i = 0; i < _results.Length; i++)
            {
                snapshot[i] = _finished[i] ? _results[i] : null;
            }

            return snapshot;
        }
    }

    private void OnMemberResult(Deferred member, int index)
    {
        Failure? failure = member.CurrentFailure;
        bool succeeded = failure is null;
        object? value = failure ?? member.CurrentResultBoxed;
        _results[index] = (succeeded, value);
        _finished[index] = true;
        FinishedCount++;

        bool fire = false;
        object? outcome = null;
        if (!Called)
        {
            if (succeeded && FireOnOneCallback)
            {
                (fire, outcome) = (true, (value, index));
            }
            else if (!succeeded && FireOnOneErrback)
            {
                (fire, outcome) = (true, new Failure(new FirstErrorException(failure!, index)));
            }
            else if (FinishedCount == _results.Length)
            {
                (fire, outcome) = (true, (IReadOnlyList<(bool Success, object? ResultOrFailure)>)_results);
            }
        }

        if (!succeeded && ConsumeErrors)
        {
            member.ReleaseResult();
        }

        if (fire)
        {
            // This observer runs as a step of the member's chain: firing as a tail call lets the
            // runner run the list's chain next, so lists nested to any depth complete in constant stack.
            ResolveAsTail(outcome);
        }
    }

    private void CancelMembers() => MemberObservation.ForwardCancelAll(_deferreds, "a DeferredList");
}
