using System;

namespace Torsion.Testing;

/// <summary>
/// The port <see cref="MemoryReactor.ListenTcp"/> returns: listens on nothing, but builds and connects
/// a protocol when the test calls <see cref="Accept"/>.
/// </summary>
public sealed class MemoryListeningPort : IListeningPort
{
    private readonly IProtocolFactory _factory;
    private readonly IAddress _host;

    internal MemoryListeningPort(IProtocolFactory factory, IAddress host)
    {
        _factory = factory;
        _host = host;
    }

    /// <summary>True between <see cref="StartListening"/> and <see cref="StopListening"/>.</summary>
    public bool Listening { get; private set; }

    /// <summary>How many times <see cref="StopListening"/> was called.</summary>
    public int StopCount { get; private set; }

    /// <summary>Starts "listening": calls the factory's <c>DoStart</c>. Called by <see cref="MemoryReactor.ListenTcp"/>.</summary>
    /// <exception cref="InvalidOperationException">The port is already listening.</exception>
    public void StartListening()
    {
        if (Listening)
        {
            throw new InvalidOperationException("The port is already listening.");
        }

        Listening = true;
        _factory.DoStart();
    }

    /// <summary>Stops "listening" (calls the factory's <c>DoStop</c> the first time); returns a Deferred that has fired.</summary>
    public Deferred StopListening()
    {
        StopCount++;
        if (Listening)
        {
            Listening = false;
            _factory.DoStop();
        }

        return Deferred.Succeed(null);
    }

    /// <inheritdoc/>
    public IAddress GetHost() => _host;

    /// <summary>
    /// Accepts a connection from <paramref name="peer"/>: builds a protocol with the factory and, unless
    /// it refused (null), connects it to a new <see cref="StringTransport"/>.
    /// </summary>
    /// <param name="peer">The client's address; <c>IPv4Address(TCP, '192.168.1.1', 54321)</c> when null.</param>
    /// <returns>The protocol and its transport, or null when the factory refused the connection.</returns>
    /// <exception cref="InvalidOperationException">The port is not listening.</exception>
    public MemoryConnection? Accept(IAddress? peer = null)
    {
        if (!Listening)
        {
            throw new InvalidOperationException("The port is not listening.");
        }

        IAddress from = peer ?? new IPv4Address("TCP", "192.168.1.1", 54321);
        IProtocol? protocol = _factory.BuildProtocol(from);
        if (protocol is null)
        {
            return null;
        }

        var transport = new StringTransportWithDisconnection(_host, from) { Protocol = protocol };
        protocol.MakeConnection(transport);
        return new MemoryConnection(protocol, transport);
    }
}
