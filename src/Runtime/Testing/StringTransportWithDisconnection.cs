using System;

namespace Torsion.Testing;

/// <summary>
/// A <see cref="StringTransport"/> whose <see cref="LoseConnection"/> closes the connection: the
/// first call sets <see cref="StringTransport.Connected"/> to false and calls
/// <see cref="IProtocol.ConnectionLost"/> on <see cref="Protocol"/> with a
/// <see cref="ConnectionDoneException"/> ("Bye."), at once (Twisted's <c>StringTransportWithDisconnection</c>).
/// </summary>
/// <remarks>Unlike Twisted's, it also sets <see cref="StringTransport.Disconnecting"/>, as a real transport does.</remarks>
public class StringTransportWithDisconnection : StringTransport
{
    /// <summary>Creates the transport; see <see cref="StringTransport(IAddress, IAddress, bool)"/>.</summary>
    public StringTransportWithDisconnection(IAddress? hostAddress = null, IAddress? peerAddress = null, bool lenient = false)
        : base(hostAddress, peerAddress, lenient)
    {
    }

    /// <summary>The protocol told of the disconnection; set it before the protocol closes the connection.</summary>
    public IProtocol? Protocol { get; set; }

    /// <summary>Closes the connection once: calls <c>ConnectionLost</c> with a <see cref="ConnectionDoneException"/>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Protocol"/> is not set.</exception>
    public override void LoseConnection()
    {
        Disconnecting = true;
        if (Connected)
        {
            IProtocol protocol = Protocol ?? throw new InvalidOperationException("StringTransportWithDisconnection.Protocol must be set before the connection is lost.");
            Connected = false;
            protocol.ConnectionLost(new Failure(new ConnectionDoneException("Bye.")));
        }
    }
}
