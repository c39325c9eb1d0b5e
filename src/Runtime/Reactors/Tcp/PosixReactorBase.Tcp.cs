using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Torsion.Reactors.Tcp;
using Torsion.Transports.Tcp;

namespace Torsion;

public abstract partial class PosixReactorBase
{
    /// <summary>Bytes asked of the kernel per read (Twisted reads 64 KiB at a time too).</summary>
    internal const int TcpReadSize = 64 * 1024;

    private byte[]? _tcpReadBuffer;
    private bool _tcpReadBufferInUse;

    /// <inheritdoc/>
    private protected override TcpListeningPort CreateTcpPort(int port, IProtocolFactory factory, int backlog, string interfaceAddress) =>
        new ReadinessTcpPort(this, port, factory, backlog, interfaceAddress);

    /// <inheritdoc/>
    internal override TcpConnection CreateTcpServerConnection(Socket accepted) =>
        new ReadinessTcpConnection(this, accepted, null);

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

            try
            {
                socket.Connect(remote);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                // In progress: the socket becomes writable when it is done.
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new ReadinessTcpConnection(this, socket, connector);
        connection.WaitForConnect();
        return connection;
    }

    /// <summary>
    /// The buffer a read goes into: one per reactor, reused by every connection (a read's bytes are
    /// only valid during <c>DataReceived</c>); a nested read (a callback iterating the reactor) gets
    /// a pooled one.
    /// </summary>
    internal byte[] RentTcpReadBuffer()
    {
        if (!_tcpReadBufferInUse)
        {
            _tcpReadBufferInUse = true;
            return _tcpReadBuffer ??= new byte[TcpReadSize];
        }

        return ArrayPool<byte>.Shared.Rent(TcpReadSize);
    }

    /// <summary>Gives back a buffer from <see cref="RentTcpReadBuffer"/>.</summary>
    internal void ReturnTcpReadBuffer(byte[] buffer)
    {
        if (ReferenceEquals(buffer, _tcpReadBuffer))
        {
            _tcpReadBufferInUse = false;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
