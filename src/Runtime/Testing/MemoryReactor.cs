using System;
using System.Collections.Generic;
using System.Net;

namespace Torsion.Testing;

/// <summary>
/// A reactor that opens no sockets (Twisted's <c>MemoryReactorClock</c>): it records every
/// <see cref="ListenTcp"/> and <see cref="ConnectTcp"/> call so a test can inspect them and decide
/// what happens (accept a connection on a port, let an attempt succeed, fail or be lost), and keeps
/// time with a <see cref="Testing.Clock"/> that the test advances.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ListenTcp"/> returns a <see cref="MemoryListeningPort"/> (its address is the interface
/// given, or <c>0.0.0.0</c>, and the port given) and calls the factory's <c>DoStart</c>.
/// <see cref="ConnectTcp"/> returns a <see cref="MemoryConnector"/> and calls the factory's
/// <c>StartedConnecting</c>, as Twisted's does. Pair a client with a server with
/// <see cref="ConnectionCompleter"/>, or drive the connector directly.
/// </para>
/// <para>Not thread-safe; like a reactor, use it from one thread.</para>
/// </remarks>
public class MemoryReactor : IReactorTcp, IReactorTime
{
    private readonly List<MemoryTcpServer> _tcpServers = new();
    private readonly List<MemoryTcpClient> _tcpClients = new();

    /// <summary>Creates a reactor with no calls recorded and a clock at 0.</summary>
    public MemoryReactor()
    {
    }

    /// <summary>The clock behind <see cref="IReactorTime"/>; advance it to run scheduled calls.</summary>
    public Clock Clock { get; } = new();

    /// <summary>Every <see cref="ListenTcp"/> call, in order (Twisted's <c>tcpServers</c>).</summary>
    public IReadOnlyList<MemoryTcpServer> TcpServers => _tcpServers;

    /// <summary>Every <see cref="ConnectTcp"/> call, in order (Twisted's <c>tcpClients</c>; the connector is each record's <see cref="MemoryTcpClient.Connector"/>).</summary>
    public IReadOnlyList<MemoryTcpClient> TcpClients => _tcpClients;

    /// <summary>Records the call and returns a port that listens on nothing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> or <paramref name="interfaceAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0–65535 or <paramref name="backlog"/> is not positive.</exception>
    public IListeningPort ListenTcp(int port, IProtocolFactory factory, int backlog = 50, string interfaceAddress = "")
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(interfaceAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        IAddress address = IPAddress.TryParse(interfaceAddress, out IPAddress? ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPv6Address("TCP", interfaceAddress, port)
            : new IPv4Address("TCP", interfaceAddress.Length == 0 ? "0.0.0.0" : interfaceAddress, port);
        var listening = new MemoryListeningPort(factory, address);
        _tcpServers.Add(new MemoryTcpServer(port, factory, backlog, interfaceAddress, listening));
        listening.StartListening();
        return listening;
    }

    /// <summary>Records the call, calls the factory's <c>StartedConnecting</c> and returns the connector, which stays connecting until the test decides.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535 or <paramref name="timeout"/> is not positive.</exception>
    public IConnector ConnectTcp(string host, int port, ClientFactory factory, TimeSpan? timeout = null, IPEndPoint? bindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        TimeSpan wait = timeout ?? TimeSpan.FromSeconds(30);
        if (wait <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A connect timeout must be positive.");
        }

        IAddress destination = IPAddress.TryParse(host, out IPAddress? ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPv6Address("TCP", host, port)
            : new IPv4Address("TCP", host, port);
        var connector = new MemoryConnector(factory, destination);
        _tcpClients.Add(new MemoryTcpClient(host, port, factory, wait, bindAddress, connector));
        connector.Connect();
        return connector;
    }

    /// <inheritdoc/>
    public double Seconds() => Clock.Seconds();

    /// <inheritdoc/>
    public IDelayedCall CallLater(TimeSpan delay, Action callable) => Clock.CallLater(delay, callable);

    /// <inheritdoc/>
    public IReadOnlyList<IDelayedCall> GetDelayedCalls() => Clock.GetDelayedCalls();

    /// <summary>Advances <see cref="Clock"/> by <paramref name="seconds"/>, running the calls that come due.</summary>
    public void Advance(double seconds) => Clock.Advance(seconds);

    /// <summary>Advances <see cref="Clock"/> by <paramref name="amount"/>, running the calls that come due.</summary>
    public void Advance(TimeSpan amount) => Clock.Advance(amount);

    /// <summary>Forgets one recorded client (used by <see cref="ConnectionCompleter"/>).</summary>
    internal void RemoveClient(MemoryTcpClient client) => _tcpClients.Remove(client);
}
