namespace Torsion;

/// <summary>
/// A connection was lost in a non-clean fashion (Twisted's <c>error.ConnectionLost</c>). The reactor reports it when a descriptor hangs up or errors while it was not being read, when a descriptor's <c>FileNo</c> is -1, and to every descriptor still registered at shutdown.
/// </summary>
public class ConnectionLostException : ConnectionClosedException
{
    /// <summary>Creates the exception with the default message "Connection to the other side was lost in a non-clean fashion.".</summary>
    public ConnectionLostException() : base("Connection to the other side was lost in a non-clean fashion.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectionLostException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectionLostException(string message, System.Exception innerException) : base(message, innerException) { }
}
