using System;

namespace Torsion.Testing;

/// <summary>
/// Completes or fails the connection attempts a <see cref="MemoryReactor"/> recorded (Twisted's
/// <c>iosim.ConnectionCompleter</c>): a client attempt to a port that some recorded
/// <c>ListenTcp</c> listens on is joined to a protocol of that server through an <see cref="IOPump"/>.
/// </summary>
public sealed class ConnectionCompleter
{
    private readonly MemoryReactor _reactor;

    /// <summary>Creates a completer for <paramref name="reactor"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> is null.</exception>
    public ConnectionCompleter(MemoryReactor reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        _reactor = reactor;
    }

    /// <summary>
    /// Connects the first connecting client whose port some listening server uses: builds both protocols
    /// and joins them in memory. The client record is removed from <see cref="MemoryReactor.TcpClients"/>.
    /// </summary>
    /// <returns>The pump, or null when no client can be paired (or a factory refused).</returns>
    public IOPump? SucceedOnce(bool greet = true)
    {
        foreach (MemoryTcpClient client in _reactor.TcpClients)
        {
            if (client.Connector.State != MemoryConnectorState.Connecting)
            {
                continue;
            }

            foreach (MemoryTcpServer server in _reactor.TcpServers)
            {
                if (server.Port != client.Port || !server.ListeningPort.Listening)
                {
                    continue;
                }

                _reactor.RemoveClient(client);
                IProtocol? serverProtocol = server.Factory.BuildProtocol(ConnectedPair.DefaultClientAddress);
                if (serverProtocol is null)
                {
                    client.Connector.Fail(new ConnectionRefusedException("The server's factory refused the connection."));
                    return null;
                }

                IProtocol? clientProtocol = client.Connector.BuildForPair();
                if (clientProtocol is null)
                {
                    return null;
                }

                return ConnectedPair.Connect(serverProtocol, clientProtocol, greet, client.Connector.PairLost);
            }
        }

        return null;
    }

    /// <summary>Fails the first connecting client's attempt with <paramref name="reason"/> (a <see cref="ConnectionRefusedException"/> when null).</summary>
    /// <returns>False when no attempt is in progress.</returns>
    public bool FailOnce(Exception? reason = null)
    {
        foreach (MemoryTcpClient client in _reactor.TcpClients)
        {
            if (client.Connector.State == MemoryConnectorState.Connecting)
            {
                _reactor.RemoveClient(client);
                client.Connector.Fail(reason ?? new ConnectionRefusedException());
                return true;
            }
        }

        return false;
    }
}
