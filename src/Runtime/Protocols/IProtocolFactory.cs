namespace Torsion;

/// <summary>
/// Makes a protocol for each new connection (Twisted's <c>IProtocolFactory</c>). Derive from
/// <see cref="Factory"/>, <see cref="ServerFactory"/> or <see cref="ClientFactory"/>.
/// </summary>
public interface IProtocolFactory
{
    /// <summary>
    /// Makes the protocol for a connection from or to <paramref name="address"/>, or returns null to
    /// refuse it (the transport then closes the connection at once).
    /// </summary>
    IProtocol? BuildProtocol(IAddress address);

    /// <summary>Called by each port or connector that starts using this factory; the first call starts the factory.</summary>
    void DoStart();

    /// <summary>Called by each port or connector that stops using this factory; the last call stops the factory.</summary>
    void DoStop();
}
