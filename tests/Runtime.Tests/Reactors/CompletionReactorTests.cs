using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Torsion.Tests.Reactors;

public class CompletionReactorTests
{
    [Fact]
    public void Overlapped_send_and_receive_complete_on_the_reactor_thread()
    {
        using var reactor = new CompletionReactor();
        using var pair = new SocketPair();
        var buffer = new byte[64];
        string? received = null;
        int sent = 0;
        Thread? loop = null;
        Thread? sendDone = null;
        Thread? receiveDone = null;
        int completions = 0;
        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            // The two completions reach the reactor in either order: stop after both.
            reactor.Receive(pair.Server, buffer).AddCallback(n =>
            {
                receiveDone = Thread.CurrentThread;
                received = Encoding.ASCII.GetString(buffer, 0, n);
                if (++completions == 2)
                {
                    reactor.Stop();
                }
            });
            reactor.Send(pair.Client, Encoding.ASCII.GetBytes("overlapped")).AddCallback(n =>
            {
                sendDone = Thread.CurrentThread;
                sent = n;
                if (++completions == 2)
                {
                    reactor.Stop();
                }
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal("overlapped", received);
        Assert.Equal(10, sent);
        Assert.Same(loop, receiveDone);
        Assert.Same(loop, sendDone);
    }

    [Fact]
    public void A_receive_on_a_closed_peer_completes_with_zero_bytes_and_errors_fail_the_Deferred()
    {
        using var reactor = new CompletionReactor();
        using var pair = new SocketPair();
        int? received = null;
        Failure? failure = null;
        reactor.CallWhenRunning(() =>
        {
            pair.Client.Shutdown(SocketShutdown.Send);
            reactor.Receive(pair.Server, new byte[8]).AddCallback(n =>
            {
                received = n;
                pair.Server.Dispose();
                reactor.Receive(pair.Server, new byte[8]).AddErrback(f =>
                {
                    failure = f;
                    reactor.Stop();
                });
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(0, received);
        Assert.IsType<ObjectDisposedException>(failure!.Value);
    }

    [Fact]
    public void Overlapped_accept_and_connect_deliver_connected_sockets_and_a_refused_connect_fails()
    {
        using var reactor = new CompletionReactor();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var endPoint = listener.LocalEndPoint!;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Socket? accepted = null;
        Socket? connected = null;
        SocketError? refused = null;
        int outcomes = 0;
        void StopAfterBoth()
        {
            // The accept and the refused connect complete in either order: stop after both.
            if (++outcomes == 2)
            {
                reactor.Stop();
            }
        }

        reactor.CallWhenRunning(() =>
        {
            reactor.Accept(listener).AddCallback(s =>
            {
                accepted = s;
                StopAfterBoth();
            });
            reactor.Connect(client, endPoint).AddCallback(s =>
            {
                connected = s;
                // Nothing listens on the port of a socket that was bound and closed.
                int port;
                using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                {
                    probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
                    port = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
                }

                var lonely = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                reactor.Connect(lonely, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port)).AddErrback(f =>
                {
                    refused = ((SocketException)f.Value).SocketErrorCode;
                    lonely.Dispose();
                    StopAfterBoth();
                });
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.NotNull(accepted);
        Assert.Same(client, connected);
        Assert.True(client.Connected);
        Assert.Equal(SocketError.ConnectionRefused, refused);
        accepted!.Dispose();
    }
}
