namespace Torsion;

/// <summary>
/// <c>Stop</c> was called on a reactor that is not running or is already stopping (Twisted's <c>error.ReactorNotRunning</c>).
/// </summary>
public class ReactorNotRunningException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "Can't stop reactor that isn't running.".</summary>
    public ReactorNotRunningException() : base("Can't stop reactor that isn't running.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRunningException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ReactorNotRunningException(string message, System.Exception innerException) : base(message, innerException) { }
}
