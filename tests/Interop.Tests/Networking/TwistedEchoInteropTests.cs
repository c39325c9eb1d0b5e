using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;

namespace Torsion.Interop.Tests.Networking;

/// <summary>Torsion's TCP transports against Twisted 22.4 on the other end, both directions, with half-close.</summary>
public class TwistedEchoInteropTests
{
    public static IEnumerable<object[]> Reactors() => new[] { "epoll", "poll", "select", "completion" }.Select(k => new object[] { k });

    internal static ReactorBase Create(string kind) => kind switch
    {
        "epoll" => new EpollReactor(),
        "poll" => new PollReactor(),
        "select" => new SelectReactor(),
        _ => new CompletionReactor(),
    };

    internal static void RunBounded(ReactorBase reactor, double seconds)
    {
        bool timedOut = false;
        reactor.CallLater(TimeSpan.FromSeconds(seconds), () =>
        {
            timedOut = true;
            reactor.Crash();
        });
        try
        {
            reactor.Run(installSignalHandlers: false);
        }
        finally
        {
            reactor.Dispose();
        }

        Assert.False(timedOut, $"the reactor did not finish within {seconds} s");
    }

    private sealed class HalfClosingSender(byte[] payload, Action done) : Protocol, IHalfCloseableProtocol
    {
        public IncrementalHash Received { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; private set; }

        public List<string> Events { get; } = new();

        public override void ConnectionMade()
        {
            var random = new Random(17);
            int offset = 0;
            while (offset < payload.Length)
            {
                int n = Math.Min(random.Next(1, 70_000), payload.Length - offset);
                Transport.Write(payload.AsSpan(offset, n));
                offset += n;
            }

            ((ITcpTransport)Transport).LoseWriteConnection();
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            Received.AppendData(data);
            Count += data.Length;
        }

        public void ReadConnectionLost() => Events.Add("ReadConnectionLost");

        public void WriteConnectionLost() => Events.Add("WriteConnectionLost");

        public override void ConnectionLost(Failure reason)
        {
            Events.Add("ConnectionLost:" + reason.Value.GetType().Name);
            done();
        }
    }

    [Theory]
    [MemberData(nameof(Reactors))]
    public void A_Torsion_client_half_closes_against_a_Twisted_echo_server_and_gets_every_byte_back(string kind)
    {
        using var server = TwistedNetPeer.Start("twisted_echo_server.py");
        int port = int.Parse(server.WaitForLine("listening on ", TimeSpan.FromSeconds(60)));
        var reactor = Create(kind);
        byte[] payload = new byte[4 << 20];
        new Random(99).NextBytes(payload);
        var client = new HalfClosingSender(payload, () => reactor.Stop());
        var factory = new FailingClientFactory(() => client, reactor);
        reactor.ConnectTcp("127.0.0.1", port, factory);
        RunBounded(reactor, 120);
        Assert.Null(factory.Failure);
        Assert.Equal(payload.Length, client.Count);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), Convert.ToHexString(client.Received.GetHashAndReset()));
        Assert.Equal(new[] { "WriteConnectionLost", "ReadConnectionLost", "ConnectionLost:ConnectionDoneException" }, client.Events);
        server.CloseInput();
        server.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private sealed class FailingClientFactory(Func<IProtocol> make, ReactorBase reactor) : ClientFactory
    {
        public Failure? Failure { get; private set; }

        public override IProtocol? BuildProtocol(IAddress address) => make();

        public override void ClientConnectionFailed(IConnector connector, Failure reason)
        {
            Failure = reason;
            reactor.Stop();
        }
    }

    /// <summary>Echoes, and closes once the peer half-closed (after the echo has been sent).</summary>
    /// <summary>An echo that throttles reading by its own write buffer (the transport is its own producer).</summary>
    private sealed class ThrottledEcho : Protocol, IHalfCloseableProtocol
    {
        public override void ConnectionMade() => Transport.RegisterProducer(Transport, streaming: true);

        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);

        public void ReadConnectionLost()
        {
            Transport.UnregisterProducer();
            Transport.LoseConnection();
        }

        public void WriteConnectionLost()
        {
        }
    }

    private sealed class HalfCloseableEcho : Protocol, IHalfCloseableProtocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);

        public void ReadConnectionLost() => Transport.LoseConnection();

        public void WriteConnectionLost()
        {
        }
    }

    [Theory]
    [MemberData(nameof(Reactors))]
    public void A_Twisted_client_half_closes_against_a_Torsion_echo_server_and_gets_every_byte_back(string kind)
    {
        const int Size = 4 << 20;
        var reactor = Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<HalfCloseableEcho>(), interfaceAddress: "127.0.0.1");
        int portNumber = ((IPv4Address)port.GetHost()).Port;
        using var client = TwistedNetPeer.Start("twisted_echo_client.py", portNumber.ToString(), Size.ToString(), "5");
        var waiter = new Thread(() =>
        {
            try
            {
                client.WaitForExit(TimeSpan.FromSeconds(150));
            }
            catch (TimeoutException)
            {
                // The assertions below report it with the output.
            }

            reactor.CallFromThread(reactor.Stop);
        }) { IsBackground = true };
        waiter.Start();
        RunBounded(reactor, 180);
        waiter.Join();
        string sent = client.WaitForLine("sent ", TimeSpan.FromSeconds(5));
        string[] received = client.WaitForLine("received ", TimeSpan.FromSeconds(5)).Split(' ');
        string events = client.WaitForLine("events ", TimeSpan.FromSeconds(5));
        Assert.Equal(sent, received[0]);
        Assert.Equal(Size.ToString(), received[1]);
        Assert.Equal("writeConnectionLost,readConnectionLost,connectionLost:ConnectionDone", events);
    }

    [Theory]
    [InlineData("epoll")]
    [InlineData("completion")]
    public void One_GiB_through_a_Torsion_echo_server_in_random_chunks_arrives_with_the_same_SHA256(string kind)
    {
        const long Total = 1L << 30;
        var reactor = Create(kind);
        // The sender outruns the hashing reader: without flow control the server's write buffer would
        // pass its 64 MiB limit, so the echo throttles its reading by its own write buffer.
        var port = reactor.ListenTcp(0, Factory.ForProtocol<ThrottledEcho>(), interfaceAddress: "127.0.0.1");
        int portNumber = ((IPv4Address)port.GetHost()).Port;
        byte[] block = new byte[4 << 20];
        new Random(2026).NextBytes(block);
        string? sentSha = null;
        string? receivedSha = null;
        long receivedCount = 0;
        Exception? peerError = null;
        var peer = new Thread(() =>
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000, SendTimeout = 60_000 };
                socket.Connect(new IPEndPoint(IPAddress.Loopback, portNumber));
                Exception? senderError = null;
                var sender = new Thread(() =>
                {
                    try
                    {
                        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                        var random = new Random(7);
                        long offset = 0;
                        while (offset < Total)
                        {
                            int start = (int)(offset % block.Length);
                            int n = (int)Math.Min(Math.Min(random.Next(1, 256 * 1024), block.Length - start), Total - offset);
                            hash.AppendData(block, start, n);
                            int done = 0;
                            while (done < n)
                            {
                                done += socket.Send(block, start + done, n - done, SocketFlags.None);
                            }

                            offset += n;
                        }

                        socket.Shutdown(SocketShutdown.Send);
                        sentSha = Convert.ToHexString(hash.GetHashAndReset());
                    }
                    catch (Exception e)
                    {
                        // Recorded, not thrown: an exception on this thread would crash the test host.
                        senderError = e;
                    }
                }) { IsBackground = true };
                sender.Start();
                using var received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[256 * 1024];
                while (true)
                {
                    int n = socket.Receive(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    received.AppendData(buffer, 0, n);
                    receivedCount += n;
                }

                sender.Join();
                if (senderError is not null)
                {
                    throw new IOException("the sending thread failed", senderError);
                }

                receivedSha = Convert.ToHexString(received.GetHashAndReset());
            }
            catch (Exception e)
            {
                peerError = e;
            }
            finally
            {
                reactor.CallFromThread(reactor.Stop);
            }
        }) { IsBackground = true };
        peer.Start();
        RunBounded(reactor, 300);
        Assert.True(peer.Join(TimeSpan.FromSeconds(60)));
        Assert.Null(peerError);
        Assert.Equal(Total, receivedCount);
        Assert.Equal(sentSha, receivedSha);
    }
}
