using System;
using System.Collections.Generic;
using System.Net;
using Torsion.Endpoints;
using Torsion.Testing;
using Torsion.Tests.Tasks;

namespace Torsion.Tests.Endpoints;

/// <summary>Endpoints listen and connect through a MemoryReactor; HostnameEndpoint races addresses on its clock.</summary>
public sealed class EndpointTests
{
    private sealed class Hello : Protocol
    {
        public bool Made;

        public override void ConnectionMade() => Made = true;
    }

    private sealed class HalfHello : Protocol, IHalfCloseableProtocol
    {
        public List<string> Events { get; } = new();

        public void ReadConnectionLost() => Events.Add("read");

        public void WriteConnectionLost() => Events.Add("write");
    }

    [Fact]
    public void Listen_fires_with_the_listening_port()
    {
        var reactor = new MemoryReactor();
        IStreamServerEndpoint endpoint = EndpointStrings.ServerFromString(reactor, "tcp:0:interface=127.0.0.1");
        var factory = Factory.ForProtocol<Hello>();
        IListeningPort port = DeferredResults.SuccessOf(endpoint.Listen(factory));
        MemoryTcpServer record = Assert.Single(reactor.TcpServers);
        Assert.Same(record.ListeningPort, port);
        Assert.Equal(("127.0.0.1", 50, 0), (record.Interface, record.Backlog, record.Port));
    }

    private sealed class RefusingReactor : IReactorTcp
    {
        public IListeningPort ListenTcp(int port, IProtocolFactory factory, int backlog = 50, string interfaceAddress = "")
            => throw new CannotListenException(interfaceAddress, port, new InvalidOperationException("Address already in use"));

        public IConnector ConnectTcp(string host, int port, ClientFactory factory, TimeSpan? timeout = null, IPEndPoint? bindAddress = null)
            => throw new ArgumentOutOfRangeException(nameof(port));
    }

    [Fact]
    public void Listen_and_Connect_turn_synchronous_errors_into_failed_Deferreds()
    {
        var reactor = new RefusingReactor();
        DeferredResults.FailureOf<CannotListenException>(new TcpServerEndpoint(reactor, 80).Listen(Factory.ForProtocol<Hello>()));
        DeferredResults.FailureOf<ArgumentOutOfRangeException>(new TcpClientEndpoint(reactor, "h", 80).Connect(Factory.ForProtocol<Hello>()));
    }

    [Fact]
    public void Connect_fires_with_the_protocol_after_ConnectionMade()
    {
        var reactor = new MemoryReactor();
        IStreamClientEndpoint endpoint = EndpointStrings.ClientFromString(reactor, "tcp:127.0.0.1:8000:timeout=5");
        Deferred<IProtocol> connecting = endpoint.Connect(Factory.ForProtocol<Hello>());
        MemoryTcpClient record = Assert.Single(reactor.TcpClients);
        Assert.Equal(TimeSpan.FromSeconds(5), record.Timeout);
        DeferredResults.NoResult(connecting);
        record.Connector.Succeed();
        Hello hello = Assert.IsType<Hello>(DeferredResults.SuccessOf(connecting));
        Assert.True(hello.Made);
        Assert.Same(record.Connector.Transport, hello.Transport);
    }

    [Fact]
    public void The_wrapper_passes_half_close_support_and_events_on()
    {
        var reactor = new MemoryReactor();
        var protocol = new HalfHello();
        Deferred<HalfHello> connecting = new TcpClientEndpoint(reactor, "127.0.0.1", 1).ConnectProtocol(protocol);
        var factory = reactor.TcpClients[0].Factory;
        IProtocol? wrapper = factory.BuildProtocol(new IPv4Address("TCP", "127.0.0.1", 1));
        var half = Assert.IsAssignableFrom<IHalfCloseableProtocol>(wrapper);
        wrapper!.MakeConnection(new StringTransport());
        Assert.Same(protocol, DeferredResults.SuccessOf(connecting));
        half.ReadConnectionLost();
        half.WriteConnectionLost();
        Assert.Equal(new[] { "read", "write" }, protocol.Events);

        new TcpClientEndpoint(reactor, "127.0.0.1", 1).ConnectProtocol(new Hello());
        IProtocol? plain = reactor.TcpClients[1].Factory.BuildProtocol(new IPv4Address("TCP", "127.0.0.1", 1));
        Assert.NotNull(plain);
        Assert.False(plain is IHalfCloseableProtocol);
    }

    [Fact]
    public void A_failed_attempt_fails_with_its_error()
    {
        var reactor = new MemoryReactor();
        Deferred<IProtocol> connecting = new TcpClientEndpoint(reactor, "127.0.0.1", 8000).Connect(Factory.ForProtocol<Hello>());
        reactor.TcpClients[0].Connector.Fail(new ConnectTimeoutException());
        DeferredResults.FailureOf<ConnectTimeoutException>(connecting);
    }

    [Fact]
    public void A_factory_that_refuses_gives_NoProtocol_and_one_that_throws_gives_its_exception()
    {
        var reactor = new MemoryReactor();
        var refusing = new RefusingFactory();
        Deferred<IProtocol> refused = new TcpClientEndpoint(reactor, "127.0.0.1", 8000).Connect(refusing);
        Assert.Null(reactor.TcpClients[0].Connector.Succeed());
        DeferredResults.FailureOf<NoProtocolException>(refused);

        Deferred<IProtocol> thrown = new TcpClientEndpoint(reactor, "127.0.0.1", 8000).Connect(Factory.ForProtocol(() => throw new FormatException("bad")));
        Assert.Null(reactor.TcpClients[1].Connector.Succeed());
        DeferredResults.FailureOf<FormatException>(thrown);
    }

    private sealed class RefusingFactory : Factory
    {
        public override IProtocol? BuildProtocol(IAddress address) => null;
    }

    [Fact]
    public void Cancelling_a_connect_stops_the_attempt_and_fails_with_ConnectingCancelled()
    {
        var reactor = new MemoryReactor();
        Deferred<IProtocol> connecting = new TcpClientEndpoint(reactor, "127.0.0.1", 8000).Connect(Factory.ForProtocol<Hello>());
        connecting.Cancel();
        Failure failure = DeferredResults.FailureOf<ConnectingCancelledException>(connecting);
        Assert.IsAssignableFrom<CancelledException>(failure.Value);
        Assert.True(reactor.TcpClients[0].Connector.StoppedConnecting);
    }

    [Fact]
    public void The_wrapped_factory_is_started_and_stopped_with_the_connector()
    {
        var reactor = new MemoryReactor();
        var factory = Factory.ForProtocol<Hello>();
        new TcpClientEndpoint(reactor, "127.0.0.1", 8000).Connect(factory);
        reactor.TcpClients[0].Factory.DoStart();
        Assert.Equal(1, factory.NumPorts);
        reactor.TcpClients[0].Factory.DoStop();
        Assert.Equal(0, factory.NumPorts);
    }

    private sealed class FakeResolver : IHostnameResolver
    {
        public Deferred<IReadOnlyList<IPAddress>>? Pending;
        public List<string> Asked { get; } = new();

        public Deferred<IReadOnlyList<IPAddress>> ResolveHostName(string hostname)
        {
            Asked.Add(hostname);
            Pending = new Deferred<IReadOnlyList<IPAddress>>();
            return Pending;
        }
    }

    private static readonly IPAddress[] ThreeAddresses = { IPAddress.Parse("2001:db8::1"), IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2") };

    [Fact]
    public void HostnameEndpoint_staggers_attempts_and_the_first_success_wins()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        var endpoint = new HostnameEndpoint(reactor, "example.com", 80, resolver: resolver);
        Deferred<IProtocol> connecting = endpoint.Connect(Factory.ForProtocol<Hello>());
        Assert.Equal(new[] { "example.com" }, resolver.Asked);
        Assert.Empty(reactor.TcpClients);

        resolver.Pending!.Callback(ThreeAddresses);
        Assert.Equal("2001:db8::1", Assert.Single(reactor.TcpClients).Host);
        reactor.Advance(0.299);
        Assert.Single(reactor.TcpClients);
        reactor.Advance(0.001);
        Assert.Equal(2, reactor.TcpClients.Count);
        Assert.Equal("192.0.2.1", reactor.TcpClients[1].Host);

        reactor.TcpClients[1].Connector.Succeed();
        Assert.IsType<Hello>(DeferredResults.SuccessOf(connecting));
        Assert.True(reactor.TcpClients[0].Connector.StoppedConnecting);
        Assert.Empty(reactor.GetDelayedCalls());
        reactor.Advance(10);
        Assert.Equal(2, reactor.TcpClients.Count);
    }

    [Fact]
    public void HostnameEndpoint_starts_later_attempts_on_schedule_and_fails_with_the_last_failure()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        Deferred<IProtocol> connecting = new HostnameEndpoint(reactor, "example.com", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        resolver.Pending!.Callback(ThreeAddresses);
        reactor.TcpClients[0].Connector.Fail(new ConnectionRefusedException());
        Assert.Single(reactor.TcpClients); // the next attempt still waits for its turn, as in Twisted
        reactor.Advance(0.3);
        reactor.TcpClients[1].Connector.Fail(new ConnectionRefusedException());
        reactor.Advance(0.3);
        DeferredResults.NoResult(connecting);
        reactor.TcpClients[2].Connector.Fail(new ConnectTimeoutException());
        DeferredResults.NoResult(connecting); // the list is known to be exhausted only at the next tick
        reactor.Advance(0.3);
        DeferredResults.FailureOf<ConnectTimeoutException>(connecting);
    }

    [Fact]
    public void HostnameEndpoint_with_no_addresses_or_a_failed_lookup_fails_with_DnsLookup()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        Deferred<IProtocol> none = new HostnameEndpoint(reactor, "nowhere.invalid", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        resolver.Pending!.Callback(Array.Empty<IPAddress>());
        Failure failure = DeferredResults.FailureOf<DnsLookupException>(none);
        Assert.Contains("no results for hostname lookup: nowhere.invalid", failure.Value.Message);

        Deferred<IProtocol> failed = new HostnameEndpoint(reactor, "broken.invalid", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        resolver.Pending!.Errback(new InvalidOperationException("resolver exploded"));
        DeferredResults.FailureOf<DnsLookupException>(failed);
    }

    [Fact]
    public void Cancelling_a_HostnameEndpoint_connect_stops_the_lookup_or_the_attempts()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        Deferred<IProtocol> looking = new HostnameEndpoint(reactor, "example.com", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        Deferred<IReadOnlyList<IPAddress>> lookup = resolver.Pending!;
        looking.Cancel();
        Failure cancelled = DeferredResults.FailureOf<ConnectingCancelledException>(looking);
        Assert.Equal(new HostnameAddress("example.com", 80), ((ConnectingCancelledException)cancelled.Value).Address);
        Assert.True(lookup.Called);

        Deferred<IProtocol> attempting = new HostnameEndpoint(reactor, "example.com", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        resolver.Pending!.Callback(ThreeAddresses);
        reactor.Advance(0.3);
        attempting.Cancel();
        DeferredResults.FailureOf<ConnectingCancelledException>(attempting);
        Assert.True(reactor.TcpClients[0].Connector.StoppedConnecting);
        Assert.True(reactor.TcpClients[1].Connector.StoppedConnecting);
        Assert.Empty(reactor.GetDelayedCalls());
    }

    [Fact]
    public void HostnameEndpoint_connects_to_a_literal_address_without_a_lookup()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        Deferred<IProtocol> connecting = new HostnameEndpoint(reactor, "::1", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        Assert.Empty(resolver.Asked);
        reactor.TcpClients[0].Connector.Succeed();
        DeferredResults.SuccessOf(connecting);
    }

    [Fact]
    public void A_late_second_success_is_closed()
    {
        var reactor = new MemoryReactor();
        var resolver = new FakeResolver();
        Deferred<IProtocol> connecting = new HostnameEndpoint(reactor, "example.com", 80, resolver: resolver).Connect(Factory.ForProtocol<Hello>());
        resolver.Pending!.Callback(ThreeAddresses);
        reactor.Advance(0.3);
        reactor.TcpClients[0].Connector.Succeed();
        Assert.IsType<Hello>(DeferredResults.SuccessOf(connecting));
        // The second attempt was cancelled; had it connected anyway, its factory refuses the protocol.
        Assert.Null(reactor.TcpClients[1].Factory.BuildProtocol(new IPv4Address("TCP", "192.0.2.1", 80)));
    }

    [Fact]
    public void HostnameEndpoint_needs_a_clock_and_a_resolver()
    {
        Assert.Throws<ArgumentException>(() => new HostnameEndpoint(new RefusingReactor(), "h", 1, resolver: new FakeResolver()));
        Assert.Throws<ArgumentException>(() => new HostnameEndpoint(new MemoryReactor(), "h", 1));
    }
}
