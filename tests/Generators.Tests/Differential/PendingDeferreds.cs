using System;
using System.Collections.Generic;

namespace Torsion.Generators.Tests.Differential;

/// <summary>
/// The driving half of a differential run, shared by the hand-written and the random bodies: fires
/// the Deferreds a body waits on, one at a time in the order it asked for them, and writes the body's
/// outcome to the trace.
/// </summary>
internal static class PendingDeferreds
{
    /// <summary>
    /// Fires the queued Deferreds in order until <paramref name="result"/> fires, the queue is empty or
    /// <paramref name="maxServed"/> were served. When the <paramref name="cancelAt"/>-th (1-based; 0 for
    /// never) is served, <paramref name="result"/> is cancelled instead and that Deferred is then fired
    /// if the cancellation left it waiting. Appends <c>cancel</c> and the outcome
    /// (<c>=&gt; value</c>, <c>=&gt; failure Type: message</c> or <c>=&gt; still waiting</c>) to
    /// <paramref name="log"/>; a failure is marked handled.
    /// </summary>
    public static void ServeAndDescribe(
        Queue<(Deferred<int> Deferred, int Value, bool Fail)> pending,
        Deferred result,
        int cancelAt,
        List<string> log,
        int maxServed = int.MaxValue)
    {
        int served = 0;
        while (pending.Count > 0 && !result.Called && served < maxServed)
        {
            (Deferred<int> next, int value, bool fail) = pending.Dequeue();
            served++;
            if (served == cancelAt)
            {
                log.Add("cancel");
                result.Cancel();
                if (!next.Called)
                {
                    next.Callback(value);
                }

                continue;
            }

            if (fail)
            {
                next.Errback(new TimeoutException("failed " + value / 2));
            }
            else
            {
                next.Callback(value);
            }
        }

        if (!result.Called)
        {
            log.Add("=> still waiting");
        }
        else if (result.IsFailed)
        {
            var failure = (Failure)result.Result!;
            log.Add("=> failure " + failure.Type.Name + ": " + failure.GetErrorMessage());
            result.AddErrback((Failure _) => { });
        }
        else
        {
            log.Add("=> " + (result.Result ?? "null"));
        }
    }
}
