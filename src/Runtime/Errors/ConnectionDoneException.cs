namespace Torsion;

/// <summary>
/// A connection was closed cleanly (Twisted's <c>error.ConnectionDone</c>). The reactor reports it when a descriptor that was being read hangs up.
/// </summary>
public class ConnectionDoneException : ConnectionClosedException
{
    /// <summary>Creates the exception with the default message "Connection was closed cleanly.".</summary>
    public ConnectionDoneException() : base("Connection was closed cleanly.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectionDoneException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectionDoneException(string message, System.Exception innerException) : base(message, innerException) { }
}
