namespace Torsion;

/// <summary>
/// A connection was closed, cleanly or not: the base of <see cref="ConnectionDoneException"/> and <see cref="ConnectionLostException"/> (Twisted's <c>error.ConnectionClosed</c>).
/// </summary>
public class ConnectionClosedException : System.Exception
{
    /// <summary>Creates the exception with the default message "Connection was closed.".</summary>
    public ConnectionClosedException() : base("Connection was closed.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectionClosedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectionClosedException(string message, System.Exception innerException) : base(message, innerException) { }
}
