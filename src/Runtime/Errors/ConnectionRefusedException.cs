namespace Torsion;

/// <summary>
/// The other side refused the connection (nothing listens on the port) (Twisted's <c>error.ConnectionRefusedError</c>).
/// </summary>
public class ConnectionRefusedException : ConnectException
{
    /// <summary>Creates the exception with the default message "Connection was refused by other side.".</summary>
    public ConnectionRefusedException() : base("Connection was refused by other side.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectionRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectionRefusedException(string message, System.Exception innerException) : base(message, innerException) { }
}
