using System;
using Torsion.Endpoints;
using Torsion.Testing;
using Torsion.Tests.Tasks;

namespace Torsion.Tests.Protocols;

/// <summary>ClientCreator hands over a connected protocol through a Deferred.</summary>
public sealed class ClientCreatorTests
{
    private sealed class Hello : Protocol
    {
        public bool Made;

        public override void ConnectionMade()
        {
            Made = true;
            Transport.Write("hello"u8);
        }
    }

    [Fact]
    public void The_Deferred_fires_with_the_typed_protocol_after_ConnectionMade()
    {
        var reactor = new MemoryReactor();
        Deferred<Hello> connecting = new ClientCreator<Hello>(reactor, () => new Hello()).ConnectTcp("127.0.0.1", 8000, TimeSpan.FromSeconds(3));
        MemoryTcpClient record = Assert.Single(reactor.TcpClients);
        Assert.Equal(TimeSpan.FromSeconds(3), record.Timeout);
        DeferredResults.NoResult(connecting);
        record.Connector.Succeed();
        Hello hello = DeferredResults.SuccessOf(connecting);
        Assert.True(hello.Made);
        Assert.Equal("hello", record.Connector.Transport!.ValueAsString());
    }

    [Fact]
    public void A_failed_attempt_fails_the_Deferred_with_its_error()
    {
        var reactor = new MemoryReactor();
        Deferred<Hello> connecting = new ClientCreator<Hello>(reactor, () => new Hello()).ConnectTcp("127.0.0.1", 8000);
        reactor.TcpClients[0].Connector.Fail(new ConnectionRefusedException());
        DeferredResults.FailureOf<ConnectionRefusedException>(connecting);
    }

    [Fact]
    public void Cancelling_stops_the_attempt()
    {
        var reactor = new MemoryReactor();
        Deferred<Hello> connecting = new ClientCreator<Hello>(reactor, () => new Hello()).ConnectTcp("127.0.0.1", 8000);
        connecting.Cancel();
        Failure failure = DeferredResults.FailureOf<ConnectingCancelledException>(connecting);
        Assert.Equal(new IPv4Address("TCP", "127.0.0.1", 8000), ((ConnectingCancelledException)failure.Value).Address);
        Assert.True(reactor.TcpClients[0].Connector.StoppedConnecting);
    }
}
