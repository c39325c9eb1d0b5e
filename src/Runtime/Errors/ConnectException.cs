namespace Torsion;

/// <summary>
/// An outgoing connection could not be made: the base of every error a client factory's <c>ClientConnectionFailed</c> receives (Twisted's <c>error.ConnectError</c>).
/// </summary>
public class ConnectException : System.Exception
{
    /// <summary>Creates the exception with the default message "An error occurred while connecting.".</summary>
    public ConnectException() : base("An error occurred while connecting.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectException(string message, System.Exception innerException) : base(message, innerException) { }
}
