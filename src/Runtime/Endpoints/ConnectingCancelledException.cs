namespace Torsion.Endpoints;

/// <summary>
/// A connection attempt was cancelled through its Deferred (Twisted's <c>error.ConnectingCancelledError</c>).
/// It is a <see cref="CancelledException"/>, so code that traps cancellation sees it.
/// </summary>
public class ConnectingCancelledException : CancelledException
{
    /// <summary>Creates the exception for an attempt to <paramref name="address"/> (null when unknown).</summary>
    public ConnectingCancelledException(IAddress? address)
        : base(address is null ? "The connection attempt was cancelled." : $"The connection attempt to {address} was cancelled.")
    {
        Address = address;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ConnectingCancelledException() : this((IAddress?)null) { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ConnectingCancelledException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ConnectingCancelledException(string message, System.Exception innerException) : base(message, innerException) { }

    /// <summary>Where the cancelled attempt was connecting to, when known.</summary>
    public IAddress? Address { get; }
}
