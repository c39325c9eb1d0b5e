using System;
using System.IO;
using System.Text;

namespace Torsion.Testing;

/// <summary>
/// A transport that records what is written to it, for unit tests of protocols without sockets
/// (Twisted's <c>twisted.internet.testing.StringTransport</c>). Nothing is sent anywhere: a test
/// connects a protocol with <c>protocol.MakeConnection(transport)</c>, feeds it with
/// <c>protocol.DataReceived(...)</c> and reads <see cref="Value"/>.
/// </summary>
/// <remarks>
/// <para>
/// As in Twisted: <see cref="LoseConnection"/> only sets <see cref="Disconnecting"/> (nothing calls
/// <c>ConnectionLost</c>; use <see cref="StringTransportWithDisconnection"/> for that);
/// <see cref="AbortConnection"/> also sets <see cref="Disconnected"/>; writes are recorded even after
/// <see cref="LoseConnection"/>, so a test can see a protocol that writes too late; registering a second
/// producer, or unregistering when none is registered, throws <see cref="InvalidOperationException"/>;
/// and, unless the transport is <c>lenient</c>, pausing or resuming it after <see cref="LoseConnection"/>
/// throws, as does resuming it after <see cref="StopProducing"/>.
/// </para>
/// </remarks>
public class StringTransport : ITcpTransport
{
    private readonly MemoryStream _written = new();
    private readonly bool _lenient;
    private readonly IAddress _host;
    private readonly IAddress _peer;

    /// <summary>Creates an empty, connected transport.</summary>
    /// <param name="hostAddress">What <see cref="GetHost"/> returns; Twisted's default <c>IPv4Address(TCP, '10.0.0.1', 12345)</c> when null.</param>
    /// <param name="peerAddress">What <see cref="GetPeer"/> returns; Twisted's default <c>IPv4Address(TCP, '192.168.1.1', 54321)</c> when null.</param>
    /// <param name="lenient">When true, pausing or resuming after <see cref="LoseConnection"/> is allowed.</param>
    public StringTransport(IAddress? hostAddress = null, IAddress? peerAddress = null, bool lenient = false)
    {
        _host = hostAddress ?? new IPv4Address("TCP", "10.0.0.1", 12345);
        _peer = peerAddress ?? new IPv4Address("TCP", "192.168.1.1", 54321);
        _lenient = lenient;
    }

    /// <summary>True until the connection is closed (only <see cref="StringTransportWithDisconnection"/> closes it).</summary>
    public bool Connected { get; protected set; } = true;

    /// <inheritdoc/>
    public bool Disconnecting { get; protected set; }

    /// <summary>True after <see cref="AbortConnection"/>.</summary>
    public bool Disconnected { get; protected set; }

    /// <summary>True after <see cref="LoseWriteConnection"/>.</summary>
    public bool WriteDisconnected { get; private set; }

    /// <summary>The registered producer, or null.</summary>
    public IProducer? Producer { get; private set; }

    /// <summary>Whether the registered producer is a push (streaming) producer; null when none is registered.</summary>
    public bool? Streaming { get; private set; }

    /// <summary>What was last asked of this transport as a producer of incoming data.</summary>
    public ProducerState ProducerState { get; private set; } = ProducerState.Producing;

    /// <summary>Every byte written since creation or the last <see cref="Clear"/>.</summary>
    public byte[] Value() => _written.ToArray();

    /// <summary>The bytes written, decoded as UTF-8 (for readable assertions).</summary>
    public string ValueAsString() => Encoding.UTF8.GetString(_written.GetBuffer(), 0, (int)_written.Length);

    /// <summary>Forgets what was written so far.</summary>
    public void Clear() => _written.SetLength(0);

    /// <summary>Records <paramref name="data"/>.</summary>
    public void Write(ReadOnlySpan<byte> data) => _written.Write(data);

    /// <summary>Records each buffer in order.</summary>
    public void WriteSequence(params ReadOnlySpan<ReadOnlyMemory<byte>> data)
    {
        foreach (ReadOnlyMemory<byte> chunk in data)
        {
            _written.Write(chunk.Span);
        }
    }

    /// <summary>Sets <see cref="Disconnecting"/>.</summary>
    public virtual void LoseConnection() => Disconnecting = true;

    /// <summary>Sets <see cref="Disconnected"/>, then does what <see cref="LoseConnection"/> does.</summary>
    public virtual void AbortConnection()
    {
        Disconnected = true;
        LoseConnection();
    }

    /// <summary>Sets <see cref="WriteDisconnected"/>.</summary>
    public void LoseWriteConnection() => WriteDisconnected = true;

    /// <inheritdoc/>
    public IAddress GetPeer() => _peer;

    /// <inheritdoc/>
    public IAddress GetHost() => _host;

    /// <summary>Records <paramref name="producer"/> (see <see cref="Producer"/> and <see cref="Streaming"/>); it is not called.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="producer"/> is null.</exception>
    /// <exception cref="ArgumentException">The producer's kind does not match <paramref name="streaming"/>.</exception>
    /// <exception cref="InvalidOperationException">A producer is already registered.</exception>
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
            throw new InvalidOperationException($"Cannot register two producers: {Producer.GetType().Name} was never unregistered.");
        }

        Producer = producer;
        Streaming = streaming;
    }

    /// <summary>Forgets the registered producer.</summary>
    /// <exception cref="InvalidOperationException">No producer is registered.</exception>
    public void UnregisterProducer()
    {
        if (Producer is null)
        {
            throw new InvalidOperationException("Cannot unregister a producer unless one is registered.");
        }

        Producer = null;
        Streaming = null;
    }

    /// <summary>Sets <see cref="ProducerState"/> to <see cref="Testing.ProducerState.Paused"/>.</summary>
    /// <exception cref="InvalidOperationException">The transport is disconnecting (and not lenient), or stopped.</exception>
    public void PauseProducing()
    {
        CheckState();
        ProducerState = ProducerState.Paused;
    }

    /// <summary>Sets <see cref="ProducerState"/> to <see cref="Testing.ProducerState.Producing"/>.</summary>
    /// <exception cref="InvalidOperationException">The transport is disconnecting (and not lenient), or stopped.</exception>
    public void ResumeProducing()
    {
        CheckState();
        ProducerState = ProducerState.Producing;
    }

    /// <summary>Sets <see cref="ProducerState"/> to <see cref="Testing.ProducerState.Stopped"/>.</summary>
    public void StopProducing() => ProducerState = ProducerState.Stopped;

    /// <summary>Records the setting (see <see cref="GetTcpNoDelay"/>).</summary>
    public void SetTcpNoDelay(bool enabled) => TcpNoDelay = enabled;

    /// <inheritdoc/>
    public bool GetTcpNoDelay() => TcpNoDelay;

    /// <summary>Records the setting (see <see cref="GetTcpKeepAlive"/>).</summary>
    public void SetTcpKeepAlive(bool enabled) => TcpKeepAlive = enabled;

    /// <inheritdoc/>
    public bool GetTcpKeepAlive() => TcpKeepAlive;

    /// <summary>
    /// Records the setting (<see cref="ITcpTransport.DefaultWriteBufferLimit"/> unless set). A
    /// <see cref="StringTransport"/> keeps every written byte for the test to read and never aborts.
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

    private bool TcpNoDelay { get; set; }

    private bool TcpKeepAlive { get; set; }

    private void CheckState()
    {
        if (Disconnecting && !_lenient)
        {
            throw new InvalidOperationException("Cannot resume producing after loseConnection.");
        }

        if (ProducerState == ProducerState.Stopped)
        {
            throw new InvalidOperationException("Cannot resume a stopped producer.");
        }
    }
}
