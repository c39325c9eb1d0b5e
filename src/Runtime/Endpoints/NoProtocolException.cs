namespace Torsion.Endpoints;

/// <summary>
/// An endpoint's connection was made but the factory's <c>BuildProtocol</c> returned null (Twisted's
/// <c>error.NoProtocol</c>); the connection was closed.
/// </summary>
public class NoProtocolException : ConnectException
{
    /// <summary>Creates the exception with the default message.</summary>
    public NoProtocolException() : base("Factory refused to create protocol.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public NoProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public NoProtocolException(string message, System.Exception innerException) : base(message, innerException) { }
}
