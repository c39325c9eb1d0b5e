using System;
using System.IO;

namespace Torsion.Testing;

/// <summary>
/// One end of an in-memory connection moved by an <see cref="IOPump"/> (Twisted's
/// <c>iosim.FakeTransport</c>): writes wait in this transport until the pump delivers them to the
/// other end's protocol. Made by <see cref="ConnectedPair"/>.
/// </summary>
/// <remarks>
/// <para>
/// It follows the contract of a real transport where a test can see it: writes after
/// <see cref="LoseConnection"/> are dropped; the connection closes once the written bytes were
/// delivered and no producer is registered; <see cref="AbortConnection"/> drops them and gives this
/// protocol a <see cref="ConnectionAbortedException"/> and the other a <see cref="ConnectionLostException"/>;
/// a pull producer is asked for data on registration and after each pump; a push producer is paused
/// when more than <see cref="HighWaterMark"/> bytes wait, and resumed when the pump drained them;
/// <see cref="PauseProducing"/> stops delivery to this end's protocol (the bytes wait);
/// <see cref="LoseWriteConnection"/> half-closes when both protocols implement
/// <see cref="IHalfCloseableProtocol"/>, and closes the connection otherwise.
/// </para>
/// </remarks>
public sealed class InMemoryTransport : ITcpTransport
{
    private readonly MemoryStream _outgoing = new();
    private bool _pausedProducer;
    private bool _noDelay;
    private bool _keepAlive;

    internal InMemoryTransport(IProtocol protocol, bool isServer, IAddress host, IAddress peer)
    {
        Protocol = protocol;
        IsServer = isServer;
        Host = host;
        Peer = peer;
    }

    /// <summary>The protocol at this end.</summary>
    public IProtocol Protocol { get; }

    /// <summary>True for the server's end.</summary>
    public bool IsServer { get; }

    /// <summary>This end's address.</summary>
    public IAddress Host { get; }

    /// <summary>The other end's address.</summary>
    public IAddress Peer { get; }

    /// <summary>Bytes waiting above which a push producer is paused; 65536 unless set (Twisted's <c>bufferSize</c>).</summary>
    public int HighWaterMark { get; set; } = 65536;

    /// <inheritdoc/>
    public bool Disconnecting { get; internal set; }

    /// <summary>True once this end's protocol got <c>ConnectionLost</c>.</summary>
    public bool Disconnected { get; internal set; }

    /// <summary>True after <see cref="AbortConnection"/>.</summary>
    public bool Aborted { get; private set; }

    /// <summary>True after <see cref="LoseWriteConnection"/>.</summary>
    public bool WriteClosing { get; private set; }

    /// <summary>True once this end's writing direction has closed.</summary>
    public bool WriteClosed { get; internal set; }

    /// <summary>True once the other end's writing direction has closed (this end reads no more).</summary>
    public bool ReadClosed { get; internal set; }

    /// <summary>True while paused by <see cref="PauseProducing"/>: the pump delivers nothing to this end.</summary>
    public bool Paused { get; private set; }

    /// <summary>The registered producer, or null.</summary>
    public IProducer? Producer { get; private set; }

    /// <summary>Whether the registered producer is a push producer.</summary>
    public bool Streaming { get; private set; }

    /// <summary>How many written bytes wait for the pump.</summary>
    public int PendingBytes => (int)_outgoing.Length;

    /// <summary>Queues <paramref name="data"/> for the other end; dropped after the connection started closing.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (Disconnecting || WriteClosing || Disconnected)
        {
            return;
        }

        _outgoing.Write(data);
        if (Producer is IPushProducer push && Streaming && !_pausedProducer && _outgoing.Length > HighWaterMark)
        {
            _pausedProducer = true;
            push.PauseProducing();
        }
    }

    /// <summary>Queues each buffer in order.</summary>
    public void WriteSequence(params ReadOnlySpan<ReadOnlyMemory<byte>> data)
    {
        foreach (ReadOnlyMemory<byte> chunk in data)
        {
            Write(chunk.Span);
        }
    }

    /// <summary>Closes the connection once the queued bytes are delivered and no producer is registered.</summary>
    public void LoseConnection() => Disconnecting = true;

    /// <summary>Drops the queued bytes and closes the connection on the next pump.</summary>
    public void AbortConnection()
    {
        if (Disconnected)
        {
            return;
        }

        Aborted = true;
        Disconnecting = true;
        _outgoing.SetLength(0);
    }

    /// <summary>Closes the writing direction once the queued bytes are delivered.</summary>
    public void LoseWriteConnection() => WriteClosing = true;

    /// <inheritdoc/>
    public IAddress GetPeer() => Peer;

    /// <inheritdoc/>
    public IAddress GetHost() => Host;

    /// <inheritdoc/>
    public void SetTcpNoDelay(bool enabled) => _noDelay = enabled;

    /// <inheritdoc/>
    public bool GetTcpNoDelay() => _noDelay;

    /// <inheritdoc/>
    public void SetTcpKeepAlive(bool enabled) => _keepAlive = enabled;

    /// <inheritdoc/>
    public bool GetTcpKeepAlive() => _keepAlive;

    /// <summary>
    /// Records the setting (<see cref="ITcpTransport.DefaultWriteBufferLimit"/> unless set). The pair
    /// moves bytes only when pumped, so it does not enforce the limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is not positive.</exception>
    public long WriteBufferLimit
    {
        get => _writeBufferLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _writeBufferLimit = value;
        }
    }

    private long _writeBufferLimit = ITcpTransport.DefaultWriteBufferLimit;

    /// <summary>Registers <paramref name="producer"/>; a pull producer is asked for data at once; on a closed connection the producer is stopped instead.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="producer"/> is null.</exception>
    /// <exception cref="ArgumentException">The producer's kind does not match <paramref name="streaming"/>.</exception>
    /// <exception cref="InvalidOperationException">Another producer is registered.</exception>
    public void RegisterProducer(IProducer producer, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(producer);
        if (streaming ? producer is not IPushProducer : producer is not IPullProducer)
        {
            throw new ArgumentException(
                $"{producer.GetType().Name} was registered with streaming: {(streaming ? "true" : "false")} but is not an {(streaming ? nameof(IPushProducer) : nameof(IPullProducer))}.",
                nameof(producer));
        }

        if (Producer is not null)
        {
            throw new InvalidOperationException(
                $"Cannot register producer {producer.GetType().Name}, because producer {Producer.GetType().Name} was never unregistered.");
        }

        if (Disconnected)
        {
            producer.StopProducing();
            return;
        }

        Producer = producer;
        Streaming = streaming;
        _pausedProducer = false;
        if (!streaming)
        {
            ((IPullProducer)producer).ResumeProducing();
        }
    }

    /// <summary>Forgets the registered producer, if any.</summary>
    public void UnregisterProducer()
    {
        Producer = null;
        Streaming = false;
        _pausedProducer = false;
    }

    /// <summary>Stops delivering to this end's protocol until <see cref="ResumeProducing"/>.</summary>
    public void PauseProducing() => Paused = true;

    /// <summary>Delivers to this end's protocol again (on the next pump).</summary>
    public void ResumeProducing() => Paused = false;

    /// <summary>Closes the connection (as Twisted's <c>FakeTransport</c> does).</summary>
    public void StopProducing() => LoseConnection();

    /// <summary>Takes the queued bytes (null when there are none).</summary>
    internal byte[]? TakeOutgoing()
    {
        if (_outgoing.Length == 0)
        {
            return null;
        }

        byte[] data = _outgoing.ToArray();
        _outgoing.SetLength(0);
        return data;
    }

    /// <summary>After the pump drained this end: resumes a paused push producer, asks a pull producer for more.</summary>
    internal void CheckProducer()
    {
        if (Producer is null)
        {
            return;
        }

        if (Streaming)
        {
            if (_pausedProducer && _outgoing.Length <= HighWaterMark)
            {
                _pausedProducer = false;
                ((IPushProducer)Producer).ResumeProducing();
            }
        }
        else if (!Disconnecting && !WriteClosing)
        {
            ((IPullProducer)Producer).ResumeProducing();
        }
    }

    /// <summary>Tells this end's protocol the connection ended.</summary>
    internal void ReportLost(Exception reason)
    {
        if (Disconnected)
        {
            return;
        }

        Disconnected = true;
        Disconnecting = true;
        IProducer? producer = Producer;
        Producer = null;
        producer?.StopProducing();
        var failure = new Failure(reason);
        Protocol.ConnectionLost(failure);
        AfterLost?.Invoke(failure);
    }

    /// <summary>Called after this end's protocol got <c>ConnectionLost</c> (a paired connector tells its factory).</summary>
    internal Action<Failure>? AfterLost { get; init; }
}
