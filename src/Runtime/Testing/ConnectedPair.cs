using System;

namespace Torsion.Testing;

/// <summary>
/// Connects a server protocol and a client protocol through memory, pumped by hand (Twisted's
/// <c>iosim.connect</c> and <c>connectedServerAndClient</c>).
/// </summary>
/// <example>
/// <code>
/// var (client, server, pump) = ConnectedPair.Create&lt;EchoServer, EchoClient&gt;();
/// client.SendLine("hello");
/// pump.Flush();
/// </code>
/// </example>
public static class ConnectedPair
{
    /// <summary>The server end's default address: <c>IPv4Address(TCP, '127.0.0.1', 4321)</c>.</summary>
    public static IAddress DefaultServerAddress { get; } = new IPv4Address("TCP", "127.0.0.1", 4321);

    /// <summary>The client end's default address: <c>IPv4Address(TCP, '127.0.0.1', 54321)</c>.</summary>
    public static IAddress DefaultClientAddress { get; } = new IPv4Address("TCP", "127.0.0.1", 54321);

    /// <summary>
    /// Connects <paramref name="server"/> and <paramref name="client"/>: each gets <c>MakeConnection</c>
    /// (server first), then, when <paramref name="greet"/> is true, the pump is flushed so what
    /// <c>ConnectionMade</c> wrote is delivered.
    /// </summary>
    /// <exception cref="ArgumentNullException">A protocol is null.</exception>
    public static IOPump Connect(IProtocol server, IProtocol client, bool greet = true)
        => Connect(server, client, greet, clientLost: null);

    internal static IOPump Connect(IProtocol server, IProtocol client, bool greet, Action<Failure>? clientLost)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        var serverTransport = new InMemoryTransport(server, isServer: true, DefaultServerAddress, DefaultClientAddress);
        var clientTransport = new InMemoryTransport(client, isServer: false, DefaultClientAddress, DefaultServerAddress) { AfterLost = clientLost };
        server.MakeConnection(serverTransport);
        client.MakeConnection(clientTransport);
        var pump = new IOPump(client, server, clientTransport, serverTransport);
        if (greet)
        {
            pump.Flush();
        }

        return pump;
    }

    /// <summary>Makes a <typeparamref name="TServer"/> and a <typeparamref name="TClient"/> and connects them (see <see cref="Connect(IProtocol, IProtocol, bool)"/>).</summary>
    public static (TClient Client, TServer Server, IOPump Pump) Create<TServer, TClient>(bool greet = true)
        where TServer : IProtocol, new()
        where TClient : IProtocol, new()
    {
        var server = new TServer();
        var client = new TClient();
        return (client, server, Connect(server, client, greet));
    }
}
