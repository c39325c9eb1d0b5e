using System;
using System.Net;
using System.Text;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>WriteSequence, bind addresses, wildcard interfaces and protocol exceptions, on every reactor.</summary>
public class TransportEdgeTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void WriteSequence_sends_the_buffers_in_order(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        var client = new Recorder
        {
            OnMade = p => p.Transport.WriteSequence("one,"u8.ToArray(), ReadOnlyMemory<byte>.Empty, "two,"u8.ToArray(), "three"u8.ToArray()),
            OnData = p =>
            {
                if (p.Received.Length == 13)
                {
                    reactor.Stop();
                }
            },
        };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal("one,two,three", Encoding.ASCII.GetString(client.Received.ToArray()));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_client_connects_from_its_bind_address_to_a_port_listening_on_every_IPv4_address(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>());
        Assert.Equal("0.0.0.0", ((IPv4Address)port.GetHost()).Host);
        IAddress? host = null;
        var client = new Recorder
        {
            OnMade = p =>
            {
                host = p.Transport.GetHost();
                reactor.Stop();
            },
        };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client), bindAddress: new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        Net.Run(reactor);
        Assert.Equal("127.0.0.2", Assert.IsType<IPv4Address>(host).Host);
    }

    private sealed class Throwing : Protocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data) => throw new InvalidOperationException("protocol bug");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void An_exception_from_DataReceived_is_logged_and_disconnects_only_that_connection(string kind)
    {
        var logger = new ListLogger();
        var reactor = ReactorKinds.Create(kind, logger);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Throwing>(), interfaceAddress: "127.0.0.1");
        var client = new Recorder
        {
            OnMade = p => p.Transport.Write("boom"u8),
            OnLost = _ => reactor.CallLater(TimeSpan.FromMilliseconds(20), reactor.Stop),
        };
        int portNumber = Net.PortOf(port);
        reactor.ConnectTcp("127.0.0.1", portNumber, ClientFactory.ForProtocol(() => client));
        bool stillListening = false;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => stillListening = ((Torsion.Transports.Tcp.TcpListeningPort)port).Listening);
        Net.Run(reactor);
        Assert.Equal(1, client.LostCount);
        Assert.True(stillListening);
        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException { Message: "protocol bug" });
    }
}
