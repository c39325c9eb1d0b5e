using System;

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
    private bool _dismissed;

    /// <param name="failure">The unhandled failure.</param>
    /// <param name="resultType">The watched handle's T, or null for an untyped Deferred: the report
    /// names the handle, and the name is only built if a report is made.</param>
    public UnhandledFailureTracker(Failure failure, Type? resultType)
    {
        _failure = failure;
        _resultType = resultType;
        _capture = UnhandledFailureCapture.Current;
    }

    /// <summary>The failure was handled after all: no report.</summary>
    public void Dismiss()
    {
        if (!_dismissed)
        {
            _dismissed = true;
            GC.SuppressFinalize(this);
        }
    }

    ~UnhandledFailureTracker()
    {
        if (!_dismissed)
        {
            UnhandledFailures.Report(_failure, Deferred.DescribeHandle(_resultType), _capture);
        }
    }
}
