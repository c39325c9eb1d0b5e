using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

/// <summary>
/// Watches one Deferred whose chain ended in a failure. If the Deferred is collected while the
/// failure is still unhandled, the finalizer reports it through <see cref="UnhandledFailures"/>.
/// The tracker references the failure but not the Deferred, so it dies with the Deferred.
/// </summary>
internal sealed class UnhandledFailureTracker
{
    private readonly Failure _failure;
    private readonly Type? _resultType;
    private readonly UnhandledFailureCapture? _capture;
    private int _dismissed;

    /// <summary>Trackers alive and not dismissed: the exit flush collects only when some exist.</summary>
    private static int s_pending;

    static UnhandledFailureTracker()
    {
        // Finalizers do not run at process exit: a failed Deferred dropped just before Main returns
        // would never report. At exit, collect once more and let the finalizers report.
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => FlushAtExit();
    }

    /// <summary>Every tracker not yet dismissed or reported, held weakly (so it still finalizes).</summary>
    private static readonly ConditionalWeakTable<UnhandledFailureTracker, object?> s_live = new();

    /// <summary>
    /// Reports, at process exit, every failure still unhandled: unreachable ones through their
    /// finalizers, then those still referenced (a static field, a Deferred the exiting program kept),
    /// since no errback can run any more either.
    /// </summary>
    internal static void FlushAtExit()
    {
        if (Volatile.Read(ref s_pending) <= 0)
        {
            return;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (KeyValuePair<UnhandledFailureTracker, object?> entry in s_live)
        {
            entry.Key.ReportNow();
        }
    }

    private void ReportNow()
    {
        if (Interlocked.Exchange(ref _dismissed, 1) == 0)
        {
            Interlocked.Decrement(ref s_pending);
            s_live.Remove(this);
            GC.SuppressFinalize(this);
            UnhandledFailures.Report(_failure, Deferred.DescribeHandle(_resultType), _capture);
        }
    }

    /// <param name="failure">The unhandled failure.</param>
    /// <param name="resultType">The watched handle's T, or null for an untyped Deferred: the report
    /// names the handle, and the name is only built if a report is made.</param>
    public UnhandledFailureTracker(Failure failure, Type? resultType)
    {
        _failure = failure;
        _resultType = resultType;
        _capture = UnhandledFailureCapture.Current;
        Interlocked.Increment(ref s_pending);
        s_live.AddOrUpdate(this, null);
    }

    /// <summary>The failure was handled after all: no report.</summary>
    public void Dismiss()
    {
        if (Interlocked.Exchange(ref _dismissed, 1) == 0)
        {
            Interlocked.Decrement(ref s_pending);
            s_live.Remove(this);
            GC.SuppressFinalize(this);
        }
    }

    ~UnhandledFailureTracker()
    {
        if (Interlocked.Exchange(ref _dismissed, 1) == 0)
        {
            Interlocked.Decrement(ref s_pending);
            UnhandledFailures.Report(_failure, Deferred.DescribeHandle(_resultType), _capture);
        }
    }
}
