namespace Torsion;

/// <summary>
/// A connection attempt took longer than its timeout. Named so that it does not clash with <see cref="System.TimeoutException"/> under <c>using System;</c> (Twisted's <c>error.TimeoutError</c>).
/// </summary>
public class ConnectTimeoutException : ConnectException
{
    /// <summary>Creates the exception with the default message "User timeout caused connection failure.".</summary>
    public ConnectTimeoutException() : base("User timeout caused connection failure.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ConnectTimeoutException(string message, System.Exception innerException) : base(message, innerException) { }
}
