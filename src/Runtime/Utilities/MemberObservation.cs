using System;
using System.Collections.Generic;

namespace Torsion;

/// <summary>
/// Shared plumbing of the utilities that watch Deferreds they do not own (DeferredList, Race):
/// argument checks, observing a member without changing its type, and reporting exceptions
/// thrown by members' cancellers.
/// </summary>
internal static class MemberObservation
{
    /// <summary>Copies <paramref name="deferreds"/>, refusing nulls and retired handles.</summary>
    public static TDeferred[] Copy<TDeferred>(IEnumerable<TDeferred> deferreds, string parameterName)
        where TDeferred : Deferred
    {
        ArgumentNullException.ThrowIfNull(deferreds, parameterName);
        var copy = new List<TDeferred>(deferreds);
        for (int i = 0; i < copy.Count; i++)
        {
            if (copy[i] is null)
            {
                throw new ArgumentException("The Deferred at index " + i + " is null.", parameterName);
            }

            if (copy[i].IsRetiredHandle)
            {
                throw new ArgumentException(
                    "The Deferred at index " + i + " was continued under another handle by a type-changing callback; pass the handle that callback returned.",
                    parameterName);
            }
        }

        return copy.ToArray();
    }

    /// <summary>
    /// Runs <paramref name="observer"/> when <paramref name="member"/>'s chain reaches this point,
    /// with the result left in place (at once if it already has a result). The observer may
    /// consume the result with <see cref="Deferred.ReleaseResult"/>. A typed handle stays usable.
    /// </summary>
    public static void Observe(Deferred member, Action observer) => member.AddContinuation(observer);

    /// <summary>
    /// Cancels every member as a cancel handler's last action: inside a running
    /// <see cref="Deferred.Cancel"/> the members are handed to its loop (constant stack for nested
    /// lists); otherwise as <see cref="CancelAll"/>.
    /// </summary>
    public static void ForwardCancelAll(Deferred[] members, string origin)
    {
        if (!Deferred.TryForwardCancelAll(members, "a canceller of a Deferred in " + origin))
        {
            CancelAll(members, null, origin);
        }
    }

    /// <summary>Cancels every Deferred in <paramref name="members"/> (except <paramref name="spare"/>); a canceller that throws is reported and the others are still cancelled.</summary>
    public static void CancelAll(Deferred[] members, Deferred? spare, string origin)
    {
        foreach (Deferred member in members)
        {
            if (ReferenceEquals(member, spare))
            {
                continue;
            }

            try
            {
                member.Cancel();
            }
            catch (Exception exception)
            {
                UnhandledFailures.Report(new Failure(exception), "a canceller of a Deferred in " + origin, UnhandledFailureCapture.Current);
            }
        }
    }
}
