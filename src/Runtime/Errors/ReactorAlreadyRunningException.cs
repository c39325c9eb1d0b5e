namespace Torsion;

/// <summary>
/// <c>Run</c> was called on a reactor that is already running (Twisted's <c>error.ReactorAlreadyRunning</c>).
/// </summary>
public class ReactorAlreadyRunningException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "The reactor is already running.".</summary>
    public ReactorAlreadyRunningException() : base("The reactor is already running.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorAlreadyRunningException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ReactorAlreadyRunningException(string message, System.Exception innerException) : base(message, innerException) { }
}
