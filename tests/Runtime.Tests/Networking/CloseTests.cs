using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>How connections end: clean close, abort, reset, half-close; ConnectionLost exactly once.</summary>
public class CloseTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void AbortConnection_drops_the_buffer_and_reports_ConnectionAborted_on_a_later_iteration(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new Recorder();
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        server.OnLost = _ => reactor.Stop();
        int lostDuringAbort = -1;
        var client = new Recorder
        {
            OnMade = p =>
            {
                var tcp = (ITcpTransport)p.Transport;
                p.Transport.Write(new byte[4 << 20]);
                tcp.AbortConnection();
                lostDuringAbort = p.LostCount;
                tcp.AbortConnection();
                p.Transport.Write("ignored"u8);
                Assert.True(p.Transport.Disconnecting);
            },
        };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal(0, lostDuringAbort);
        Assert.Equal(1, client.LostCount);
        Assert.IsType<ConnectionAbortedException>(client.LostReason!.Value);
        Assert.IsAssignableFrom<ConnectionLostException>(client.LostReason!.Value);
        Assert.Equal(1, server.LostCount);
        Assert.True(server.Received.Length < 4 << 20, "an abort must not flush the buffer");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_peer_that_resets_gives_exactly_one_ConnectionLostException(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new Recorder
        {
            OnMade = p => p.Transport.Write(new byte[1 << 20]),
            OnLost = _ => reactor.CallLater(TimeSpan.FromMilliseconds(50), reactor.Stop),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        var peer = new PeerThread(() =>
        {
            var socket = Net.Connect(portNumber);
            socket.Send("x"u8.ToArray());
            Net.ReadExactly(socket, 1000);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        Net.Run(reactor);
        peer.Join();
        Assert.Equal(1, server.LostCount);
        Assert.IsType<ConnectionLostException>(server.LostReason!.Value);
        Assert.IsType<SocketException>(server.LostReason!.Value.InnerException);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_peer_that_closes_gives_ConnectionDone_and_later_writes_are_ignored(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new Recorder();
        server.OnLost = p =>
        {
            p.Transport.Write("after close"u8);
            p.Transport.LoseConnection();
            ((ITcpTransport)p.Transport).AbortConnection();
            reactor.CallLater(TimeSpan.FromMilliseconds(50), reactor.Stop);
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            socket.Send("bye"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);
            Assert.Empty(Net.ReadToEnd(socket));
        });
        Net.Run(reactor);
        peer.Join();
        Assert.Equal("bye", Encoding.ASCII.GetString(server.Received.ToArray()));
        Assert.Equal(1, server.LostCount);
        Assert.IsType<ConnectionDoneException>(server.LostReason!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Half_close_works_both_ways_between_two_half_closeable_protocols(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new HalfCloseRecorder();
        server.OnReadLost = p =>
        {
            // The client is done sending: answer, then close our side too.
            p.Transport.Write(Encoding.ASCII.GetBytes($"got {p.Received.Length}"));
            ((ITcpTransport)p.Transport).LoseWriteConnection();
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        var client = new HalfCloseRecorder
        {
            OnMade = p =>
            {
                p.Transport.Write("request"u8);
                ((ITcpTransport)p.Transport).LoseWriteConnection();
                p.Transport.Write("dropped after LoseWriteConnection"u8);
            },
        };
        int lost = 0;
        client.OnLost = _ => { if (++lost == 2) { reactor.Stop(); } };
        server.OnLost = _ => { if (++lost == 2) { reactor.Stop(); } };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal("request", Encoding.ASCII.GetString(server.Received.ToArray()));
        Assert.Equal("got 7", Encoding.ASCII.GetString(client.Received.ToArray()));
        foreach (var side in new[] { client, server })
        {
            Assert.Equal(1, side.ReadLostCount);
            Assert.Equal(1, side.WriteLostCount);
            Assert.Equal(1, side.LostCount);
            Assert.IsType<ConnectionDoneException>(side.LostReason!.Value);
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_half_closeable_server_answers_a_dotnet_peer_that_shut_down_its_sending_side(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new HalfCloseRecorder();
        server.OnReadLost = p =>
        {
            p.Transport.Write(p.Received.ToArray());
            p.Transport.LoseConnection();
        };
        server.OnLost = _ => reactor.CallLater(TimeSpan.FromMilliseconds(20), reactor.Stop);
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[] payload = Net.RandomBytes(300_000, seed: 5);
        byte[]? back = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            socket.Send(payload);
            socket.Shutdown(SocketShutdown.Send);
            back = Net.ReadToEnd(socket);
        });
        Net.Run(reactor);
        peer.Join();
        Assert.Equal(Net.Sha(payload), Net.Sha(back!));
        Assert.Equal(1, server.ReadLostCount);
        Assert.Equal(0, server.WriteLostCount);
        Assert.Equal(1, server.LostCount);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_plain_protocol_that_loses_its_write_side_keeps_reading_until_the_peer_closes(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new Recorder
        {
            OnMade = p =>
            {
                p.Transport.Write("bye"u8);
                ((ITcpTransport)p.Transport).LoseWriteConnection();
            },
            OnLost = _ => reactor.CallLater(TimeSpan.FromMilliseconds(20), reactor.Stop),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[]? first = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            first = Net.ReadToEnd(socket);
            socket.Send("late"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);
        });
        Net.Run(reactor);
        peer.Join();
        Assert.Equal("bye", Encoding.ASCII.GetString(first!));
        Assert.Equal("late", Encoding.ASCII.GetString(server.Received.ToArray()));
        Assert.Equal(1, server.LostCount);
        Assert.IsType<ConnectionDoneException>(server.LostReason!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Reactor_shutdown_disconnects_connections_and_ports_with_ConnectionLost(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var server = new Recorder();
        var serverFactory = Factory.ForProtocol(() => server);
        var port = reactor.ListenTcp(0, serverFactory, interfaceAddress: "127.0.0.1");
        var client = new Recorder { OnMade = _ => reactor.CallLater(TimeSpan.FromMilliseconds(20), reactor.Stop) };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        Assert.Equal(1, client.LostCount);
        Assert.IsType<ConnectionLostException>(client.LostReason!.Value);
        Assert.Equal(1, server.LostCount);
        Assert.Equal(0, serverFactory.NumPorts);
    }
}
