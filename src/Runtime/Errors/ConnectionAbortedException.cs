namespace Torsion;

/// <summary>
/// The connection was closed by <see cref="ITcpTransport.AbortConnection"/> on this side; a kind of <see cref="ConnectionLostException"/> (Twisted's <c>error.ConnectionAborted</c>).
/// </summary>
public class ConnectionAbortedException : ConnectionLostException
{
    /// <summary>Creates the exception with the default message "Connection was aborted locally using ITcpTransport.AbortConnection.".</summary>
    public ConnectionAbortedException() : base("Connection was aborted locally using ITcpTransport.AbortConnection.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectionAbortedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectionAbortedException(string message, System.Exception innerException) : base(message, innerException) { }
}
