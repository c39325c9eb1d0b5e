using System;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Torsion.Transports.Tcp;

/// <summary>
/// The reactor-independent part of a TCP connection (Twisted's <c>abstract.FileDescriptor</c> plus
/// <c>tcp.Connection</c>): the write buffer, producers, closing, aborting and half-closing, and the
/// rules for which protocol callback runs when. A reactor-specific subclass moves the bytes: the
/// readiness reactors through <see cref="IReactorFDSet"/>, the completion reactor through overlapped
/// operations. Every member runs on the reactor thread.
/// </summary>
internal abstract class TcpConnection : ITcpTransport, ITcpResource
{
    /// <summary>Above this many buffered bytes a registered push producer is paused (Twisted's <c>bufferSize</c>).</summary>
    public const int HighWaterMark = 64 * 1024;

    private readonly WriteBuffer _buffer = new();
    private IProducer? _producer;
    private bool _streamingProducer;
    private bool _producerPaused;
    private long _writeBufferLimit = ITcpTransport.DefaultWriteBufferLimit;
    private IAddress? _host;
    private IAddress? _peer;

    /// <summary>A server-side connection for an accepted socket.</summary>
    protected TcpConnection(ReactorBase reactor, Socket socket, TcpConnector? connector)
    {
        Reactor = reactor;
        Socket = socket;
        Connector = connector;
        Protocol = new Protocol();
        reactor.TrackTcp(this);
    }

    /// <summary>The reactor the connection runs on.</summary>
    protected ReactorBase Reactor { get; }

    /// <summary>The socket, or null once closed.</summary>
    protected Socket? Socket { get; private set; }

    /// <summary>The connector of a client connection, null for a server connection.</summary>
    protected TcpConnector? Connector { get; }

    /// <summary>The protocol (a placeholder <see cref="Torsion.Protocol"/> until one is built).</summary>
    public IProtocol Protocol { get; private set; }

    /// <summary>True once the connection is established and the protocol connected (Twisted's <c>connected</c>).</summary>
    public bool Connected { get; private set; }

    /// <summary>True once the protocol has been told the connection was lost (or the attempt failed).</summary>
    public bool Disconnected { get; private set; }

    /// <inheritdoc/>
    public bool Disconnecting { get; private set; }

    /// <summary>True between <see cref="AbortConnection"/> and the delivery of its <c>ConnectionLost</c>.</summary>
    protected bool Aborting { get; private set; }

    /// <summary>True when the peer's FIN was reported to a half-closeable protocol (reading has ended).</summary>
    protected bool ReadDisconnected { get; private set; }

    /// <summary>True while the transport is paused as a producer (<see cref="PauseProducing"/>).</summary>
    protected bool ReadingPaused { get; private set; }

    /// <summary>True when the write side was shut down after <see cref="LoseWriteConnection"/>.</summary>
    protected bool WriteDisconnected { get; private set; }

    private bool WriteDisconnecting { get; set; }

    /// <summary>An error from a direct write, reported by the next write-side step.</summary>
    protected Exception? PendingWriteError { get; private set; }

    /// <summary>How many bytes wait in the write buffer (sent as the peer reads them).</summary>
    public long BufferedBytes => _buffer.Length;

    /// <summary>The unsent bytes.</summary>
    protected WriteBuffer Buffer => _buffer;

    /// <inheritdoc/>
    public long WriteBufferLimit
    {
        get => _writeBufferLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _writeBufferLimit = value;
        }
    }

    /// <summary>Whether reading should go on now: connected, not closing, not paused, not read-closed.</summary>
    protected bool WantsToRead => Connected && !Disconnected && !Disconnecting && !ReadingPaused && !ReadDisconnected;

    // ---- engine hooks -------------------------------------------------------------------------

    /// <summary>Starts (or keeps) delivering incoming data.</summary>
    protected abstract void StartReading();

    /// <summary>Stops delivering incoming data.</summary>
    protected abstract void StopReading();

    /// <summary>Makes the engine send the buffer and then run <see cref="AfterDrained"/> (even when the buffer is already empty).</summary>
    protected abstract void StartWriting();

    /// <summary>Stops waiting to write.</summary>
    protected abstract void StopWriting();

    /// <summary>Whether a write may go straight to the socket now (nothing buffered, nothing in flight).</summary>
    protected virtual bool CanWriteDirectly => _buffer.IsEmpty;

    /// <summary>Drops the unsent bytes (abort, close); the completion engine waits for a send in flight.</summary>
    protected virtual void ReleaseBuffer() => _buffer.Clear();

    /// <summary>Called just before the socket is closed, once reading and writing stopped.</summary>
    protected virtual void BeforeClose()
    {
    }

    // ---- connection setup --------------------------------------------------------------------

    /// <summary>Connects <paramref name="protocol"/> to a freshly accepted connection.</summary>
    internal void Start(IProtocol protocol) => ConnectionEstablished(protocol);

    /// <summary>Builds (server) or asks the connector for (client) the protocol and connects it.</summary>
    protected internal void ConnectionEstablished(IProtocol? protocol)
    {
        var socket = Socket!;
        _host = TcpErrors.Address(SafeEndPoint(socket, local: true));
        _peer = TcpErrors.Address(SafeEndPoint(socket, local: false));
        Connected = true;
        if (Connector is not null)
        {
            try
            {
                protocol = Connector.BuildProtocol(_peer);
            }
            catch (Exception e)
            {
                Reactor.TcpLogger.LogError(e, "Unhandled exception in BuildProtocol of {Factory}; closing the connection.", Connector.FactoryName);
                protocol = null;
            }
        }

        if (protocol is null)
        {
            // Twisted: a refused client connection gets a placeholder protocol and is closed at once.
            if (Connector is null)
            {
                Close(new Failure(new ConnectionDoneException()), notify: false);
                return;
            }

            Protocol = new Protocol();
            LoseConnection();
            return;
        }

        Protocol = protocol;
        StartReading();
        try
        {
            protocol.MakeConnection(this);
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception in {Protocol}.ConnectionMade; closing the connection.", protocol.GetType().FullName);
            ConnectionLostNow(new Failure(e));
        }
    }

    private static EndPoint? SafeEndPoint(Socket socket, bool local)
    {
        try
        {
            return local ? socket.LocalEndPoint : socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // ---- ITransport ---------------------------------------------------------------------------

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (!Connected || Disconnected || Aborting || WriteDisconnecting || WriteDisconnected || data.IsEmpty)
        {
            return;
        }

        if (CanWriteDirectly && PendingWriteError is null)
        {
            int sent = Socket!.Send(data, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
            {
                sent = 0;
            }
            else if (error != SocketError.Success)
            {
                PendingWriteError = TcpErrors.Lost(error);
                StartWriting();
                return;
            }

            if (sent == data.Length)
            {
                if (_producer is not null && !_streamingProducer)
                {
                    // Twisted asks a pull producer again once the buffer has drained; it drained at once.
                    StartWriting();
                }

                return;
            }

            data = data[sent..];
        }

        if (_producer is null && _buffer.Length > _writeBufferLimit)
        {
            // The peer is not reading and nothing throttles the writer: stop before memory grows further.
            Abort(new WriteBufferOverflowException(_buffer.Length, _writeBufferLimit));
            return;
        }

        _buffer.Append(data);
        StartWriting();
        if (_producer is IPushProducer push && _streamingProducer && !_producerPaused && _buffer.Length > HighWaterMark)
        {
            _producerPaused = true;
            push.PauseProducing();
        }
    }

    /// <inheritdoc/>
    public void WriteSequence(params ReadOnlySpan<ReadOnlyMemory<byte>> data)
    {
        foreach (var item in data)
        {
            Write(item.Span);
        }
    }

    /// <inheritdoc/>
    public void LoseConnection()
    {
        if (Disconnected || Disconnecting)
        {
            return;
        }

        if (!Connected)
        {
            Connector?.StopConnectingQuietly();
            return;
        }

        Disconnecting = true;
        StopReading();
        StartWriting();
    }

    /// <inheritdoc/>
    public void AbortConnection() => Abort(new ConnectionAbortedException());

    /// <summary>Drops the buffer and closes at once; the protocol gets <paramref name="reason"/> on a later iteration.</summary>
    private void Abort(System.Exception reason)
    {
        if (Disconnected || Aborting)
        {
            return;
        }

        if (!Connected)
        {
            Connector?.StopConnectingQuietly();
            return;
        }

        Aborting = true;
        Disconnecting = true;
        StopReading();
        StopWriting();
        ReleaseBuffer();
        Reactor.CallLater(TimeSpan.Zero, () => ConnectionLostNow(new Failure(reason)));
    }

    /// <inheritdoc/>
    public void LoseWriteConnection()
    {
        if (!Connected || Disconnected || Disconnecting || WriteDisconnecting || WriteDisconnected)
        {
            return;
        }

        WriteDisconnecting = true;
        StartWriting();
    }

    /// <inheritdoc/>
    public IAddress GetPeer() => _peer ?? Connector?.GetDestination() ?? new IPv4Address("TCP", "0.0.0.0", 0);

    /// <inheritdoc/>
    public IAddress GetHost() => _host ?? new IPv4Address("TCP", "0.0.0.0", 0);

    /// <inheritdoc/>
    public void SetTcpNoDelay(bool enabled) => OpenSocket().NoDelay = enabled;

    /// <inheritdoc/>
    public bool GetTcpNoDelay() => OpenSocket().NoDelay;

    /// <inheritdoc/>
    public void SetTcpKeepAlive(bool enabled) =>
        OpenSocket().SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, enabled);

    /// <inheritdoc/>
    public bool GetTcpKeepAlive() =>
        (int)OpenSocket().GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0;

    private Socket OpenSocket() =>
        Socket ?? throw new ObjectDisposedException(GetType().Name, "The connection is closed: its socket options can no longer be read or set.");

    // ---- IConsumer / IPushProducer ------------------------------------------------------------

    /// <inheritdoc/>
    public void RegisterProducer(IProducer producer, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (_producer is not null)
        {
            throw new InvalidOperationException(
                $"Cannot register producer {producer}, because producer {_producer} was never unregistered.");
        }

        if (streaming && producer is not IPushProducer)
        {
            throw new ArgumentException($"A streaming producer must be an IPushProducer; {producer.GetType().FullName} is not.", nameof(producer));
        }

        if (!streaming && producer is not IPullProducer)
        {
            throw new ArgumentException($"A non-streaming producer must be an IPullProducer; {producer.GetType().FullName} is not.", nameof(producer));
        }

        if (Disconnected)
        {
            producer.StopProducing();
            return;
        }

        _producer = producer;
        _streamingProducer = streaming;
        _producerPaused = false;
        if (!streaming)
        {
            ((IPullProducer)producer).ResumeProducing();
        }
    }

    /// <inheritdoc/>
    public void UnregisterProducer()
    {
        _producer = null;
        _producerPaused = false;
        if (Connected && !Disconnected && (Disconnecting || WriteDisconnecting))
        {
            StartWriting();
        }
    }

    /// <summary>Stops reading from the peer until <see cref="ResumeProducing"/>.</summary>
    public void PauseProducing()
    {
        if (ReadingPaused)
        {
            return;
        }

        ReadingPaused = true;
        StopReading();
    }

    /// <summary>Reads from the peer again after <see cref="PauseProducing"/>.</summary>
    public void ResumeProducing()
    {
        if (!ReadingPaused)
        {
            return;
        }

        ReadingPaused = false;
        if (WantsToRead)
        {
            StartReading();
        }
    }

    /// <summary>Closes the connection (<see cref="LoseConnection"/>), as Twisted's transports do.</summary>
    public void StopProducing() => LoseConnection();

    // ---- engine callbacks ---------------------------------------------------------------------

    /// <summary>Delivers received bytes to the protocol.</summary>
    protected void Deliver(ReadOnlySpan<byte> data) => Protocol.DataReceived(data);

    /// <summary>
    /// The write buffer is empty: resume a pull or paused push producer, or finish a pending close or
    /// half-close. Returns the reason to disconnect, or null.
    /// </summary>
    protected Exception? AfterDrained()
    {
        if (PendingWriteError is { } error)
        {
            return error;
        }

        StopWriting();
        if (_producer is not null && (!_streamingProducer || _producerPaused))
        {
            _producerPaused = false;
            if (_producer is IPullProducer pull)
            {
                pull.ResumeProducing();
            }
            else
            {
                ((IPushProducer)_producer).ResumeProducing();
            }

            return null;
        }

        if (_producer is not null)
        {
            return null;
        }

        if (Disconnecting)
        {
            return new ConnectionDoneException();
        }

        if (WriteDisconnecting && !WriteDisconnected)
        {
            WriteDisconnected = true;
            try
            {
                Socket?.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // Already reset by the peer: the read side will report it.
            }

            if (Protocol is IHalfCloseableProtocol halfCloseable)
            {
                halfCloseable.WriteConnectionLost();
                if (ReadDisconnected)
                {
                    return new ConnectionDoneException();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The peer closed its side cleanly: a half-closeable protocol gets <c>ReadConnectionLost</c>
    /// (and the connection lives on for writing); any other protocol loses the connection.
    /// </summary>
    protected void ReadConnectionLostCore(Failure reason)
    {
        if (Disconnected)
        {
            return;
        }

        if (Protocol is IHalfCloseableProtocol halfCloseable && Connected)
        {
            ReadDisconnected = true;
            StopReading();
            try
            {
                halfCloseable.ReadConnectionLost();
            }
            catch (Exception e)
            {
                Reactor.TcpLogger.LogError(e, "Unhandled exception in {Protocol}.ReadConnectionLost; closing the connection.", Protocol.GetType().FullName);
                ConnectionLostNow(new Failure(e));
                return;
            }

            if (WriteDisconnected && !Disconnected)
            {
                ConnectionLostNow(reason);
            }

            return;
        }

        ConnectionLostNow(reason);
    }

    /// <summary>
    /// Ends the connection with <paramref name="reason"/>: stops reading and writing, closes the
    /// socket, stops the producer and tells the protocol (and the connector), exactly once. An
    /// attempt that never connected reports to the connector as a failed attempt instead.
    /// </summary>
    public void ConnectionLostNow(Failure reason) => Close(reason, notify: true);

    /// <summary>Closes the socket of an attempt the connector gave up (timeout, stop), without telling anyone.</summary>
    public void AbandonAttempt() => Close(new Failure(new UserCancelledConnectException()), notify: false);

    /// <summary>The reason an attempt failed, read from the socket's pending error when the reactor only saw a hang-up.</summary>
    protected virtual Exception ConnectFailureReason(Exception reason) => reason;

    private void Close(Failure reason, bool notify)
    {
        if (Disconnected)
        {
            return;
        }

        Disconnected = true;
        StopReading();
        StopWriting();
        Exception? connectFailure = null;
        if (!Connected && notify)
        {
            connectFailure = ConnectFailureReason(reason.Value);
        }

        BeforeClose();
        Socket?.Dispose();
        Socket = null;
        ReleaseBuffer();
        Reactor.UntrackTcp(this);
        if (!notify)
        {
            return;
        }

        if (!Connected)
        {
            var error = connectFailure as ConnectException ?? new ConnectException(connectFailure!.Message, connectFailure);
            Connector?.ConnectionFailed(new Failure(error));
            return;
        }

        var producer = _producer;
        _producer = null;
        if (producer is not null)
        {
            try
            {
                producer.StopProducing();
            }
            catch (Exception e)
            {
                Reactor.TcpLogger.LogError(e, "Unhandled exception in {Producer}.StopProducing.", producer.GetType().FullName);
            }
        }

        try
        {
            Protocol.ConnectionLost(reason);
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception in {Protocol}.ConnectionLost.", Protocol.GetType().FullName);
        }

        Connector?.ConnectionLost(reason);
    }

    /// <inheritdoc/>
    void ITcpResource.ShutDown() => ConnectionLostNow(new Failure(new ConnectionLostException()));

    /// <inheritdoc/>
    void ITcpResource.CloseForDispose()
    {
        Disconnected = true;
        BeforeClose();
        Socket?.Dispose();
        Socket = null;
        ReleaseBuffer();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().Name}({(Connector is null ? "server" : "client")}, {Protocol.GetType().Name}, peer {GetPeer()})";
}
