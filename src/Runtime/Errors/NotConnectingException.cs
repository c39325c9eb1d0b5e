namespace Torsion;

/// <summary>
/// <see cref="IConnector.StopConnecting"/> was called while no connection attempt was in progress (Twisted's <c>error.NotConnectingError</c>).
/// </summary>
public class NotConnectingException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "The connector is not connecting.".</summary>
    public NotConnectingException() : base("The connector is not connecting.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public NotConnectingException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public NotConnectingException(string message, System.Exception innerException) : base(message, innerException) { }
}
