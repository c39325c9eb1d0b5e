using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>Listening, connecting and echoing on every reactor, Torsion against Torsion and against .NET sockets.</summary>
public class TcpBasicsTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_Torsion_client_and_server_echo_and_close_cleanly_once_each(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var serverSide = new Recorder();
        var serverFactory = new ServerFactory { Protocol = () => new EchoRecorder(serverSide) };
        var port = reactor.ListenTcp(0, serverFactory, interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        Assert.NotEqual(0, portNumber);
        Assert.Equal(1, serverFactory.NumPorts);

        var client = new Recorder
        {
            OnMade = p => p.Transport.Write("hello"u8),
            OnData = p =>
            {
                if (p.Received.Length == 5)
                {
                    p.Transport.LoseConnection();
                }
            },
        };
        var clientFactory = new RecordingClientFactory { Protocol = () => client };
        client.OnLost = _ => reactor.CallLater(TimeSpan.FromMilliseconds(50), () => port.StopListening().AddCallback(_ => reactor.Stop()));
        var connector = reactor.ConnectTcp("127.0.0.1", portNumber, clientFactory);
        Assert.Equal(new IPv4Address("TCP", "127.0.0.1", portNumber), connector.GetDestination());
        Net.Run(reactor);

        Assert.Equal("hello", Encoding.ASCII.GetString(client.Received.ToArray()));
        Assert.Equal(1, client.LostCount);
        Assert.IsType<ConnectionDoneException>(client.LostReason!.Value);
        Assert.Equal(1, serverSide.LostCount);
        Assert.IsType<ConnectionDoneException>(serverSide.LostReason!.Value);
        Assert.Equal(new[] { "start", "connecting", "lost", "stop" }, clientFactory.Events);
        Assert.Equal(0, serverFactory.NumPorts);
    }

    /// <summary>An echo protocol that reports into a recorder.</summary>
    private sealed class EchoRecorder(Recorder record) : Protocol
    {
        public override void ConnectionMade() => record.MakeConnection(Transport);

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            record.DataReceived(data);
            Transport.Write(data);
        }

        public override void ConnectionLost(Failure reason) => record.ConnectionLost(reason);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Peer_and_host_addresses_are_the_real_ends(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        IAddress? serverPeer = null;
        IAddress? clientHost = null;
        IAddress? clientPeer = null;
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => new Recorder { OnMade = p => serverPeer = p.Transport.GetPeer() }), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        var client = new Recorder
        {
            OnMade = p =>
            {
                clientHost = p.Transport.GetHost();
                clientPeer = p.Transport.GetPeer();
                var tcp = (ITcpTransport)p.Transport;
                tcp.SetTcpNoDelay(true);
                Assert.True(tcp.GetTcpNoDelay());
                tcp.SetTcpKeepAlive(true);
                Assert.True(tcp.GetTcpKeepAlive());
                reactor.CallLater(TimeSpan.FromMilliseconds(50), reactor.Stop);
            },
        };
        reactor.ConnectTcp("127.0.0.1", portNumber, ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal(new IPv4Address("TCP", "127.0.0.1", portNumber), clientPeer);
        Assert.Equal(clientHost, serverPeer);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_Torsion_echo_server_returns_8_MiB_from_a_dotnet_socket_intact(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[] payload = Net.RandomBytes(8 << 20, seed: 7);
        string? echoedSha = null;
        var peer = new PeerThread(
            () =>
        {
            using var socket = Net.Connect(portNumber);
            var writer = new PeerThread(() =>
            {
                var random = new Random(3);
                int offset = 0;
                while (offset < payload.Length)
                {
                    int n = Math.Min(random.Next(1, 100_000), payload.Length - offset);
                    offset += socket.Send(payload, offset, n, SocketFlags.None);
                }
            });
            byte[] echoed = Net.ReadExactly(socket, payload.Length);
            writer.Join();
            echoedSha = Net.Sha(echoed);
        },
            () => reactor.CallFromThread(reactor.Stop));
        Net.Run(reactor, 60);
        peer.Join();
        Assert.Equal(Net.Sha(payload), echoedSha);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_Torsion_client_sends_8_MiB_to_a_dotnet_server_intact_in_one_write(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        byte[] payload = Net.RandomBytes(8 << 20, seed: 11);
        string? receivedSha = null;
        var received = new PeerThread(() =>
        {
            using var socket = listener.Accept();
            socket.ReceiveTimeout = 30000;
            receivedSha = Net.Sha(Net.ReadToEnd(socket));
        });
        var client = new Recorder
        {
            OnMade = p =>
            {
                p.Transport.Write(payload);
                p.Transport.LoseConnection();
            },
            OnLost = _ => reactor.Stop(),
        };
        reactor.ConnectTcp("127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port, ClientFactory.ForProtocol(() => client));
        Net.Run(reactor, 60);
        received.Join();
        Assert.Equal(Net.Sha(payload), receivedSha);
        Assert.IsType<ConnectionDoneException>(client.LostReason!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void IPv6_loopback_listens_connects_and_echoes(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "::1");
        var host = Assert.IsType<IPv6Address>(port.GetHost());
        Assert.Equal("::1", host.Host);
        IAddress? peer = null;
        var client = new Recorder
        {
            OnMade = p =>
            {
                peer = p.Transport.GetPeer();
                p.Transport.Write("v6"u8);
            },
            OnData = p =>
            {
                if (p.Received.Length == 2)
                {
                    reactor.Stop();
                }
            },
        };
        reactor.ConnectTcp("::1", host.Port, ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal("v6", Encoding.ASCII.GetString(client.Received.ToArray()));
        Assert.Equal(new IPv6Address("TCP", "::1", host.Port), peer);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_factory_that_refuses_gets_the_connection_closed_at_once(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        int built = 0;
        var factory = new RefusingFactory(() => built++);
        var port = reactor.ListenTcp(0, factory, interfaceAddress: "127.0.0.1");
        var client = new Recorder { OnLost = _ => reactor.Stop() };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal(1, built);
        Assert.Equal(1, client.LostCount);
        Assert.IsAssignableFrom<ConnectionClosedException>(client.LostReason!.Value);
    }

    private sealed class RefusingFactory(Action counted) : ServerFactory
    {
        public override IProtocol? BuildProtocol(IAddress address)
        {
            counted();
            return null;
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void StopListening_fires_later_frees_the_port_and_stops_the_factory(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var factory = new CountingFactory();
        var port = reactor.ListenTcp(0, factory, interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        Assert.Equal(1, factory.Started);
        bool fired = false;
        bool firedSynchronously = false;
        reactor.CallWhenRunning(() =>
        {
            var d = port.StopListening();
            firedSynchronously = fired;
            d.AddCallback(_ =>
            {
                fired = true;
                reactor.Stop();
            });
            firedSynchronously = fired;
        });
        Net.Run(reactor);
        Assert.True(fired);
        Assert.False(firedSynchronously);
        Assert.Equal(1, factory.Stopped);
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, portNumber));
    }

    private sealed class CountingFactory : ServerFactory
    {
        public int Started { get; private set; }

        public int Stopped { get; private set; }

        public CountingFactory() => Protocol = () => new Echo();

        public override void StartFactory() => Started++;

        public override void StopFactory() => Stopped++;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Listening_on_a_taken_port_throws_CannotListenException_naming_the_address(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        int portNumber = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var factory = new CountingFactory();
        var error = Assert.Throws<CannotListenException>(() => reactor.ListenTcp(portNumber, factory, interfaceAddress: "127.0.0.1"));
        Assert.Contains($"127.0.0.1:{portNumber}", error.Message);
        Assert.Equal(portNumber, error.Port);
        Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(0, factory.Started);
        Assert.IsAssignableFrom<BindException>(error);
    }

    [Fact]
    public void Listening_on_a_name_instead_of_an_address_is_refused_clearly()
    {
        using var reactor = new EpollReactor();
        var error = Assert.Throws<CannotListenException>(() => reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "localhost"));
        Assert.Contains("localhost", error.Message);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var reactor = new EpollReactor();
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ListenTcp(70000, Factory.ForProtocol<Echo>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), backlog: 0));
        Assert.Throws<ArgumentNullException>(() => reactor.ListenTcp(0, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ConnectTcp("127.0.0.1", 0, ClientFactory.ForProtocol<Echo>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ConnectTcp("127.0.0.1", 80, ClientFactory.ForProtocol<Echo>(), TimeSpan.Zero));
    }
}
