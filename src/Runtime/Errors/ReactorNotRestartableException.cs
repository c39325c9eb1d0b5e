namespace Torsion;

/// <summary>
/// <c>Run</c> was called on a reactor that was stopped: a stopped reactor cannot run again (Twisted's <c>error.ReactorNotRestartable</c>). Only <c>Crash</c> allows a later <c>Run</c>.
/// </summary>
public class ReactorNotRestartableException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "A stopped reactor cannot be restarted.".</summary>
    public ReactorNotRestartableException() : base("A stopped reactor cannot be restarted.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorNotRestartableException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ReactorNotRestartableException(string message, System.Exception innerException) : base(message, innerException) { }
}
