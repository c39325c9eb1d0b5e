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
    private readonly string _origin;
    private readonly UnhandledFailureCapture? _capture;
    private bool _dismissed;

    public UnhandledFailureTracker(Failure failure, string origin)
    {
        _failure = failure;
        _origin = origin;
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
            UnhandledFailures.Report(_failure, _origin, _capture);
        }
    }
}
