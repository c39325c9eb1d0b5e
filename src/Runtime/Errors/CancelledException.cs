namespace Torsion;

/// <summary>
/// The failure a <see cref="Deferred"/> fails with when it is cancelled and its canceller (if any)
/// did not fire it (Twisted's <c>defer.CancelledError</c>). Derives from
/// <see cref="System.OperationCanceledException"/>, so .NET code that catches cancellation catches it.
/// </summary>
public class CancelledException : System.OperationCanceledException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CancelledException() : base("The Deferred was cancelled.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CancelledException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public CancelledException(string message, System.Exception innerException) : base(message, innerException) { }
}
