using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Torsion.Transports.Tcp;

namespace Torsion.Reactors.Tcp;

/// <summary>
/// A TCP connection on the <see cref="CompletionReactor"/>: one overlapped receive is kept in flight
/// into the connection's own pooled buffer while reading; writes go straight to the (non-blocking)
/// socket and what would block is sent by overlapped sends from the write buffer. Every completion is
/// handled on the reactor thread. Each direction reuses one <see cref="SocketAsyncEventArgs"/>.
/// </summary>
internal sealed class CompletionTcpConnection : TcpConnection
{
    /// <summary>The size of a connection's receive buffer.</summary>
    internal const int ReceiveSize = 32 * 1024;

    private readonly ReactorSocketArgs _receive;
    private readonly ReactorSocketArgs _send;
    private ReactorSocketArgs? _connect;
    private byte[]? _readBuffer;
    private bool _receiving;
    private bool _held;
    private int _heldCount;
    private SocketError _heldError;
    private bool _sending;
    private bool _sendIssued;
    private bool _clearWhenSent;
    private readonly System.Collections.Generic.List<ArraySegment<byte>> _sendList = new(16);

    public CompletionTcpConnection(CompletionReactor reactor, Socket socket, TcpConnector? connector)
        : base(reactor, socket, connector)
    {
        _receive = new ReactorSocketArgs(reactor, OnReceived);
        _send = new ReactorSocketArgs(reactor, OnSent);
    }

    /// <summary>Starts the overlapped connect of a client connection.</summary>
    public void BeginConnect(EndPoint remote)
    {
        _connect = new ReactorSocketArgs(Reactor, OnConnected) { RemoteEndPoint = remote };
        bool pending;
        try
        {
            pending = Socket!.ConnectAsync(_connect);
        }
        catch (SocketException e)
        {
            _connect.SocketError = e.SocketErrorCode;
            pending = false;
        }

        _connect.Started(pending);
    }

    private void OnConnected()
    {
        var args = _connect!;
        var error = args.SocketError;
        args.Dispose();
        _connect = null;
        if (Disconnected)
        {
            return;
        }

        if (error != SocketError.Success)
        {
            ConnectionLostNow(new Failure(TcpErrors.ConnectFailed(error)));
            return;
        }

        ConnectionEstablished(null);
    }

    /// <inheritdoc/>
    protected override bool CanWriteDirectly => Buffer.IsEmpty && !_sendIssued;

    /// <inheritdoc/>
    protected override void StartReading()
    {
        if (_receiving || Disconnected || Socket is null)
        {
            return;
        }

        if (_held)
        {
            // Bytes that arrived while paused: deliver them first.
            _receiving = true;
            _receive.Queue();
            return;
        }

        IssueReceive();
    }

    private void IssueReceive()
    {
        _readBuffer ??= ArrayPool<byte>.Shared.Rent(ReceiveSize);
        _receiving = true;
        _receive.SetBuffer(_readBuffer, 0, ReceiveSize);
        bool pending;
        try
        {
            pending = Socket!.ReceiveAsync(_receive);
        }
        catch (ObjectDisposedException)
        {
            _receive.SocketError = SocketError.OperationAborted;
            pending = false;
        }

        _receive.Started(pending);
    }

    /// <inheritdoc/>
    protected override void StopReading()
    {
        // An overlapped receive cannot be taken back: what it brings while paused is held (see OnReceived).
    }

    private void OnReceived()
    {
        _receiving = false;
        if (Disconnected)
        {
            ReleaseIdleResources();
            return;
        }

        int count;
        SocketError error;
        if (_held)
        {
            count = _heldCount;
            error = _heldError;
        }
        else
        {
            count = _receive.BytesTransferred;
            error = _receive.SocketError;
        }

        if (!WantsToRead)
        {
            if (ReadingPaused && !Disconnecting && !ReadDisconnected)
            {
                _held = true;
                _heldCount = count;
                _heldError = error;
            }

            return;
        }

        _held = false;
        if (error != SocketError.Success)
        {
            ConnectionLostNow(new Failure(TcpErrors.Lost(error)));
            return;
        }

        if (count == 0)
        {
            ReadConnectionLostCore(new Failure(new ConnectionDoneException()));
            return;
        }

        try
        {
            Deliver(_readBuffer.AsSpan(0, count));
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception in {Protocol}.DataReceived; disconnecting it.", Protocol.GetType().FullName);
            ConnectionLostNow(new Failure(e));
            return;
        }

        if (WantsToRead && !_receiving)
        {
            IssueReceive();
        }
    }

    /// <inheritdoc/>
    protected override void StartWriting()
    {
        if (_sending || Disconnected || Socket is null)
        {
            return;
        }

        _sending = true;
        if (Buffer.IsEmpty || PendingWriteError is not null)
        {
            _send.Queue();
            return;
        }

        IssueSend();
    }

    private void IssueSend()
    {
        if (Buffer.SegmentCount > 1)
        {
            // Gather up to 16 segments (1 MiB) into one overlapped send.
            _sendList.Clear();
            Buffer.CopySegments(_sendList, 16);
            if (_send.Buffer is not null)
            {
                _send.SetBuffer(null, 0, 0);
            }

            _send.BufferList = _sendList;
        }
        else
        {
            var head = Buffer.Head;
            if (_send.BufferList is not null)
            {
                _send.BufferList = null;
            }

            _send.SetBuffer(head.Array, head.Offset, head.Count);
        }

        _sendIssued = true;
        bool pending;
        try
        {
            pending = Socket!.SendAsync(_send);
        }
        catch (ObjectDisposedException)
        {
            _send.SocketError = SocketError.OperationAborted;
            pending = false;
        }

        _send.Started(pending);
    }

    /// <inheritdoc/>
    protected override void StopWriting()
    {
        // Nothing to take back: a send in flight finishes and the handler sees the new state.
    }

    private void OnSent()
    {
        _sending = false;
        bool issued = _sendIssued;
        _sendIssued = false;
        if (_clearWhenSent)
        {
            _clearWhenSent = false;
            Buffer.Clear();
        }

        if (Disconnected)
        {
            ReleaseIdleResources();
            return;
        }

        if (Aborting)
        {
            return;
        }

        if (issued)
        {
            if (_send.SocketError != SocketError.Success)
            {
                ConnectionLostNow(new Failure(TcpErrors.Lost(_send.SocketError)));
                return;
            }

            Buffer.Consume(_send.BytesTransferred);
        }

        if (PendingWriteError is { } writeError)
        {
            ConnectionLostNow(new Failure(writeError));
            return;
        }

        if (!Buffer.IsEmpty)
        {
            _sending = true;
            IssueSend();
            return;
        }

        Exception? why;
        try
        {
            why = AfterDrained();
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception while the write buffer of {Connection} drained; disconnecting it.", this);
            why = e;
        }

        if (why is not null)
        {
            ConnectionLostNow(new Failure(why));
        }
    }

    /// <inheritdoc/>
    protected override void ReleaseBuffer()
    {
        if (_sendIssued)
        {
            // The kernel may still read the head segment: give the segments back once the send is done.
            _clearWhenSent = true;
            return;
        }

        Buffer.Clear();
    }

    /// <inheritdoc/>
    protected override void BeforeClose()
    {
        if (_receiving && !Aborting && Socket is { } socket)
        {
            // .NET closes a socket with an operation in flight abortively (RST, unsent data lost);
            // shutting it down first sends the FIN after the data and ends the receive.
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset.
            }
        }

        ReleaseIdleResources();
    }

    private void ReleaseIdleResources()
    {
        if (!_receiving)
        {
            _receive.Dispose();
            if (_readBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_readBuffer);
                _readBuffer = null;
            }
        }

        if (!_sending && !_sendIssued)
        {
            _send.Dispose();
        }
    }
}
