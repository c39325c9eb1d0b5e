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
        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            reactor.Receive(pair.Server, buffer).AddCallback(n =>
            {
                receiveDone = Thread.CurrentThread;
                received = Encoding.ASCII.GetString(buffer, 0, n);
                reactor.Stop();
            });
            reactor.Send(pair.Client, Encoding.ASCII.GetBytes("overlapped")).AddCallback(n =>
            {
                sendDone = Thread.CurrentThread;
                sent = n;
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
}
