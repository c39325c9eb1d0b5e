using System.Net;
using System.Net.Sockets;
using Torsion.Reactors.Tcp;
using Torsion.Transports.Tcp;

namespace Torsion;

public sealed partial class CompletionReactor
{
    /// <inheritdoc/>
    private protected override TcpListeningPort CreateTcpPort(int port, IProtocolFactory factory, int backlog, string interfaceAddress) =>
        new CompletionTcpPort(this, port, factory, backlog, interfaceAddress);

    /// <inheritdoc/>
    internal override TcpConnection CreateTcpServerConnection(Socket accepted) =>
        new CompletionTcpConnection(this, accepted, null);

    /// <inheritdoc/>
    internal override TcpConnection CreateTcpClient(TcpConnector connector, IPEndPoint remote, IPEndPoint? bindAddress)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        try
        {
            if (bindAddress is not null)
            {
                socket.Bind(bindAddress);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new CompletionTcpConnection(this, socket, connector);
        connection.BeginConnect(remote);
        return connection;
    }
}
