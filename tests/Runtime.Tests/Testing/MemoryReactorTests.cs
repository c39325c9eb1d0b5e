using System;
using System.Collections.Generic;
using System.Net;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

/// <summary>MemoryReactor records TCP calls, lets tests drive connections, and keeps time with a Clock.</summary>
public sealed class MemoryReactorTests
{
    private sealed class Greeter : Protocol
    {
        public override void ConnectionMade() => Transport.Write("hi"u8);
    }

    private sealed class CountingFactory : ClientFactory
    {
        public List<string> Events { get; } = new();

        public CountingFactory() => Protocol = () => new Greeter();

        public override void StartedConnecting(IConnector connector) => Events.Add("started");

        public override void ClientConnectionFailed(IConnector connector, Failure reason) => Events.Add("failed:" + reason.Type.Name);

        public override void ClientConnectionLost(IConnector connector, Failure reason) => Events.Add("lost:" + reason.Type.Name);
    }

    [Fact]
    public void ListenTcp_is_recorded_and_its_port_accepts_connections()
    {
        var reactor = new MemoryReactor();
        var factory = Factory.ForProtocol<Greeter>();
        IListeningPort port = reactor.ListenTcp(8080, factory, 10, "127.0.0.1");
        MemoryTcpServer record = Assert.Single(reactor.TcpServers);
        Assert.Equal((8080, 10, "127.0.0.1"), (record.Port, record.Backlog, record.Interface));
        Assert.Same(factory, record.Factory);
        Assert.Equal(new IPv4Address("TCP", "127.0.0.1", 8080), port.GetHost());
        Assert.Equal(1, factory.NumPorts);

        MemoryConnection? connection = record.ListeningPort.Accept();
        Assert.NotNull(connection);
        Assert.Equal("hi", connection!.Transport.ValueAsString());

        Assert.True(port.StopListening().HasResult);
        Assert.Equal(0, factory.NumPorts);
        Assert.Throws<InvalidOperationException>(() => record.ListeningPort.Accept());
    }

    [Fact]
    public void ListenTcp_on_an_IPv6_interface_reports_an_IPv6_address_and_empty_means_all_IPv4()
    {
        var reactor = new MemoryReactor();
        Assert.Equal(new IPv6Address("TCP", "::", 80), reactor.ListenTcp(80, Factory.ForProtocol<Greeter>(), 50, "::").GetHost());
        Assert.Equal(new IPv4Address("TCP", "0.0.0.0", 81), reactor.ListenTcp(81, Factory.ForProtocol<Greeter>()).GetHost());
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.ListenTcp(65536, Factory.ForProtocol<Greeter>()));
    }

    [Fact]
    public void ConnectTcp_is_recorded_and_the_test_decides_success_loss_and_failure()
    {
        var reactor = new MemoryReactor();
        var factory = new CountingFactory();
        var bind = new IPEndPoint(IPAddress.Loopback, 0);
        IConnector connector = reactor.ConnectTcp("example.com", 80, factory, TimeSpan.FromSeconds(5), bind);
        MemoryTcpClient record = Assert.Single(reactor.TcpClients);
        Assert.Equal(("example.com", 80, TimeSpan.FromSeconds(5)), (record.Host, record.Port, record.Timeout));
        Assert.Same(bind, record.BindAddress);
        Assert.Equal(new IPv4Address("TCP", "example.com", 80), connector.GetDestination());
        Assert.Equal(new[] { "started" }, factory.Events);

        IProtocol? protocol = record.Connector.Succeed();
        Assert.IsType<Greeter>(protocol);
        Assert.Equal("hi", record.Connector.Transport!.ValueAsString());
        record.Connector.Lose(new ConnectionLostException());
        Assert.Equal(new[] { "started", "lost:ConnectionLostException" }, factory.Events);

        connector.Connect();
        Assert.Equal(2, record.Connector.Attempts);
        record.Connector.Fail(new ConnectionRefusedException());
        Assert.Equal("failed:ConnectionRefusedException", factory.Events[^1]);
        Assert.Throws<NotConnectingException>(() => connector.StopConnecting());
    }

    [Fact]
    public void StopConnecting_fails_the_attempt_with_UserCancelledConnect()
    {
        var reactor = new MemoryReactor();
        var factory = new CountingFactory();
        IConnector connector = reactor.ConnectTcp("::1", 80, factory);
        Assert.IsType<IPv6Address>(connector.GetDestination());
        connector.StopConnecting();
        Assert.True(reactor.TcpClients[0].Connector.StoppedConnecting);
        Assert.Equal("failed:UserCancelledConnectException", factory.Events[^1]);
    }

    [Fact]
    public void The_reactor_keeps_time_with_its_clock()
    {
        var reactor = new MemoryReactor();
        int ran = 0;
        reactor.CallLater(TimeSpan.FromSeconds(2), () => ran++);
        Assert.Single(reactor.GetDelayedCalls());
        reactor.Advance(1.5);
        Assert.Equal(0, ran);
        reactor.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(1, ran);
        Assert.Equal(2.0, reactor.Seconds());
    }

    [Fact]
    public void ConnectionCompleter_joins_a_client_to_the_server_listening_on_its_port()
    {
        var reactor = new MemoryReactor();
        var received = new List<string>();
        reactor.ListenTcp(4321, Factory.ForProtocol(() => new Collector(received)));
        var factory = new CountingFactory();
        reactor.ConnectTcp("127.0.0.1", 4321, factory);
        var completer = new ConnectionCompleter(reactor);
        IOPump? pump = completer.SucceedOnce();
        Assert.NotNull(pump);
        Assert.Equal(new[] { "hi" }, received);
        Assert.Empty(reactor.TcpClients);

        ((Protocol)pump!.Client).Transport.LoseConnection();
        pump.Flush();
        Assert.Equal("lost:ConnectionDoneException", factory.Events[^1]);

        reactor.ConnectTcp("127.0.0.1", 9999, factory);
        Assert.Null(completer.SucceedOnce());
        Assert.True(completer.FailOnce());
        Assert.Equal("failed:ConnectionRefusedException", factory.Events[^1]);
        Assert.False(completer.FailOnce());
    }

    private sealed class Collector : Protocol
    {
        private readonly List<string> _received;

        public Collector(List<string> received) => _received = received;

        public override void DataReceived(ReadOnlySpan<byte> data) => _received.Add(System.Text.Encoding.ASCII.GetString(data));
    }
}
