namespace Torsion;

/// <summary>
/// The connection attempt was stopped by <see cref="IConnector.StopConnecting"/> (Twisted's <c>error.UserError</c>).
/// </summary>
public class UserCancelledConnectException : ConnectException
{
    /// <summary>Creates the exception with the default message "User aborted connection.".</summary>
    public UserCancelledConnectException() : base("User aborted connection.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public UserCancelledConnectException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public UserCancelledConnectException(string message, System.Exception innerException) : base(message, innerException) { }
}
