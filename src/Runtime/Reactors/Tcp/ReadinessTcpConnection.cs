using System;
using System.Net.Sockets;
using Torsion.Transports.Tcp;

namespace Torsion.Reactors.Tcp;

/// <summary>
/// A TCP connection on a readiness reactor (epoll, poll, select): a non-blocking socket registered
/// through <see cref="IReactorFDSet"/>. Each readable event is one receive into the reactor's shared
/// read buffer; writes go straight to the socket and only what would block is buffered and sent when
/// the socket is writable. A peer's FIN reaches <see cref="IHalfCloseableDescriptor.ReadConnectionLost"/>
/// through the reactor's usual dispatch.
/// </summary>
internal sealed class ReadinessTcpConnection : TcpConnection, IHalfCloseableDescriptor
{
    private readonly PosixReactorBase _reactor;
    private int _fd;

    public ReadinessTcpConnection(PosixReactorBase reactor, Socket socket, TcpConnector? connector)
        : base(reactor, socket, connector)
    {
        _reactor = reactor;
        _fd = (int)socket.Handle;
    }

    /// <summary>Waits for the non-blocking connect to finish (the socket becomes writable).</summary>
    public void WaitForConnect() => _reactor.AddWriter(this);

    /// <inheritdoc/>
    public int FileNo() => _fd;

    /// <inheritdoc/>
    public Exception? DoRead()
    {
        var socket = Socket;
        if (socket is null || !Connected || Disconnected)
        {
            return null;
        }

        byte[] buffer = _reactor.RentTcpReadBuffer();
        try
        {
            int received = socket.Receive(buffer, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                return null;
            }

            if (error != SocketError.Success)
            {
                return TcpErrors.Lost(error);
            }

            if (received == 0)
            {
                return new ConnectionDoneException();
            }

            Deliver(buffer.AsSpan(0, received));
            return null;
        }
        finally
        {
            _reactor.ReturnTcpReadBuffer(buffer);
        }
    }

    /// <inheritdoc/>
    public Exception? DoWrite()
    {
        var socket = Socket;
        if (socket is null || Disconnected)
        {
            return null;
        }

        if (!Connected)
        {
            var pending = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (pending != SocketError.Success)
            {
                return TcpErrors.ConnectFailed(pending);
            }

            _reactor.RemoveWriter(this);
            ConnectionEstablished(null);
            return null;
        }

        if (PendingWriteError is { } writeError)
        {
            return writeError;
        }

        while (!Buffer.IsEmpty)
        {
            var head = Buffer.Head;
            int sent = socket.Send(head.AsSpan(), SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                return null;
            }

            if (error != SocketError.Success)
            {
                return TcpErrors.Lost(error);
            }

            Buffer.Consume(sent);
            if (sent < head.Count)
            {
                return null;
            }
        }

        return AfterDrained();
    }

    /// <inheritdoc/>
    void IFileDescriptor.ConnectionLost(Failure reason) => ConnectionLostNow(reason);

    /// <inheritdoc/>
    public void ReadConnectionLost(Failure reason) => ReadConnectionLostCore(reason);

    /// <inheritdoc/>
    protected override void StartReading() => _reactor.AddReader(this);

    /// <inheritdoc/>
    protected override void StopReading()
    {
        if (Socket is not null)
        {
            _reactor.RemoveReader(this);
        }
    }

    /// <inheritdoc/>
    protected override void StartWriting() => _reactor.AddWriter(this);

    /// <inheritdoc/>
    protected override void StopWriting()
    {
        if (Socket is not null)
        {
            _reactor.RemoveWriter(this);
        }
    }

    /// <inheritdoc/>
    protected override Exception ConnectFailureReason(Exception reason)
    {
        if (reason is ConnectException || Socket is not { } socket)
        {
            return reason;
        }

        try
        {
            var pending = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            return pending == SocketError.Success ? reason : TcpErrors.ConnectFailed(pending);
        }
        catch (SocketException)
        {
            return reason;
        }
    }

    /// <inheritdoc/>
    protected override void BeforeClose() => _fd = -1;
}
