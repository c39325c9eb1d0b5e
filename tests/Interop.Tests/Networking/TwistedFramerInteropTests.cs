using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Torsion.Protocols;

namespace Torsion.Interop.Tests.Networking;

/// <summary>
/// The framers (LineReceiver, Int32StringReceiver, NetstringReceiver) over real Torsion TCP against
/// Twisted's own framers, both directions: every message comes back as "echo:" + message.
/// </summary>
public class TwistedFramerInteropTests
{
    public static IEnumerable<object[]> Cases() =>
        from mode in new[] { "line", "int32", "netstring" }
        from kind in new[] { "epoll", "completion" }
        select new object[] { mode, kind };

    private sealed class LineServer : LineReceiver
    {
        protected override void LineReceived(ReadOnlySpan<byte> line) => Reply(this, line, SendLine);
    }

    private sealed class Int32Server : Int32StringReceiver
    {
        protected override void StringReceived(ReadOnlySpan<byte> data) => Reply(this, data, SendString);
    }

    private sealed class NetstringServer : NetstringReceiver
    {
        protected override void StringReceived(ReadOnlySpan<byte> data) => Reply(this, data, SendString);
    }

    private delegate void SendSpan(ReadOnlySpan<byte> data);

    private static void Reply(Protocol protocol, ReadOnlySpan<byte> message, SendSpan send)
    {
        if (message.SequenceEqual("quit"u8))
        {
            protocol.Transport.LoseConnection();
            return;
        }

        byte[] reply = new byte[5 + message.Length];
        "echo:"u8.CopyTo(reply);
        message.CopyTo(reply.AsSpan(5));
        send(reply);
    }

    private static Protocol MakeServer(string mode) => mode switch
    {
        "line" => new LineServer(),
        "int32" => new Int32Server(),
        _ => new NetstringServer(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_Twisted_framer_client_gets_every_reply_from_a_Torsion_framer_server(string mode, string kind)
    {
        var reactor = TwistedEchoInteropTests.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => MakeServer(mode)), interfaceAddress: "127.0.0.1");
        int portNumber = ((IPv4Address)port.GetHost()).Port;
        using var client = TwistedNetPeer.Start("twisted_framer_peer.py", mode, "client", portNumber.ToString(), "500", "8");
        var waiter = new Thread(() =>
        {
            try
            {
                client.WaitForExit(TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException)
            {
                // Reported by the assertion on the output.
            }

            reactor.CallFromThread(reactor.Stop);
        }) { IsBackground = true };
        waiter.Start();
        TwistedEchoInteropTests.RunBounded(reactor, 120);
        waiter.Join();
        Assert.Equal("500", client.WaitForLine("ok ", TimeSpan.FromSeconds(5)));
    }

    private sealed class CollectingLineClient(List<byte[]> messages, List<string> replies, Action done) : LineReceiver
    {
        public override void ConnectionMade()
        {
            foreach (var m in messages)
            {
                SendLine(m);
            }

            SendLine("quit"u8);
        }

        protected override void LineReceived(ReadOnlySpan<byte> line) => replies.Add(Encoding.ASCII.GetString(line));

        public override void ConnectionLost(Failure reason) => done();
    }

    private sealed class CollectingInt32Client(List<byte[]> messages, List<string> replies, Action done) : Int32StringReceiver
    {
        public override void ConnectionMade()
        {
            foreach (var m in messages)
            {
                SendString(m);
            }

            SendString("quit"u8);
        }

        protected override void StringReceived(ReadOnlySpan<byte> data) => replies.Add(Encoding.ASCII.GetString(data));

        public override void ConnectionLost(Failure reason) => done();
    }

    private sealed class CollectingNetstringClient(List<byte[]> messages, List<string> replies, Action done) : NetstringReceiver
    {
        public override void ConnectionMade()
        {
            foreach (var m in messages)
            {
                SendString(m);
            }

            SendString("quit"u8);
        }

        protected override void StringReceived(ReadOnlySpan<byte> data) => replies.Add(Encoding.ASCII.GetString(data));

        public override void ConnectionLost(Failure reason) => done();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_Torsion_framer_client_gets_every_reply_from_a_Twisted_framer_server(string mode, string kind)
    {
        using var server = TwistedNetPeer.Start("twisted_framer_peer.py", mode, "server");
        int portNumber = int.Parse(server.WaitForLine("listening on ", TimeSpan.FromSeconds(60)));
        var random = new Random(31);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :,";
        var messages = Enumerable.Range(0, 500)
            .Select(_ => Encoding.ASCII.GetBytes(new string(Enumerable.Range(0, random.Next(0, 2001)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray())))
            .ToList();
        var replies = new List<string>();
        var reactor = TwistedEchoInteropTests.Create(kind);
        Action done = () => reactor.Stop();
        IProtocol client = mode switch
        {
            "line" => new CollectingLineClient(messages, replies, done),
            "int32" => new CollectingInt32Client(messages, replies, done),
            _ => new CollectingNetstringClient(messages, replies, done),
        };
        reactor.ConnectTcp("127.0.0.1", portNumber, ClientFactory.ForProtocol(() => client));
        TwistedEchoInteropTests.RunBounded(reactor, 90);
        Assert.Equal(messages.Select(m => "echo:" + Encoding.ASCII.GetString(m)), replies);
        server.CloseInput();
        server.WaitForExit(TimeSpan.FromSeconds(30));
    }
}
