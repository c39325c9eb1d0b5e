using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using Torsion.Tests.Reactors;
using Torsion.Transports.Tcp;

namespace Torsion.Tests.Networking;

/// <summary>Producers and consumers: the high-water mark, pull producers, the transport as a producer, bounded memory.</summary>
public class FlowControlTests
{
    private const int Chunk = 16 * 1024;

    /// <summary>A push producer that writes one chunk per reactor turn while not paused, up to a total.</summary>
    private sealed class PushingProducer(ReactorBase reactor, ITransport transport, byte[] data) : IPushProducer
    {
        private int _offset;
        private bool _paused;
        private bool _scheduled;

        public int Pauses { get; private set; }

        public int Resumes { get; private set; }

        public bool Stopped { get; private set; }

        public long MaxBuffered { get; private set; }

        public void Start()
        {
            transport.RegisterProducer(this, streaming: true);
            Schedule();
        }

        private void Schedule()
        {
            if (_scheduled || _paused || Stopped)
            {
                return;
            }

            _scheduled = true;
            reactor.CallLater(TimeSpan.Zero, Tick);
        }

        private void Tick()
        {
            _scheduled = false;
            if (_paused || Stopped)
            {
                return;
            }

            int n = Math.Min(Chunk, data.Length - _offset);
            transport.Write(data.AsSpan(_offset, n));
            _offset += n;
            MaxBuffered = Math.Max(MaxBuffered, ((TcpConnection)transport).BufferedBytes);
            if (_offset == data.Length)
            {
                transport.UnregisterProducer();
                transport.LoseConnection();
                return;
            }

            Schedule();
        }

        public void PauseProducing()
        {
            Pauses++;
            _paused = true;
        }

        public void ResumeProducing()
        {
            Resumes++;
            _paused = false;
            Schedule();
        }

        public void StopProducing() => Stopped = true;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_push_producer_is_paused_above_64_KiB_and_resumed_when_drained_and_every_byte_arrives(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        byte[] payload = Net.RandomBytes(8 << 20, seed: 21);
        PushingProducer? producer = null;
        var server = new Recorder
        {
            OnMade = p =>
            {
                producer = new PushingProducer(reactor, p.Transport, payload);
                producer.Start();
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[]? received = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            socket.ReceiveBufferSize = 64 * 1024;
            System.Threading.Thread.Sleep(300);
            received = Net.ReadToEnd(socket);
        });
        Net.Run(reactor, 60);
        peer.Join();
        Assert.Equal(Net.Sha(payload), Net.Sha(received!));
        Assert.True(producer!.Pauses >= 1, "the producer was never paused");
        Assert.True(producer.Resumes >= 1, "the producer was never resumed");
        Assert.True(producer.MaxBuffered <= TcpConnection.HighWaterMark + Chunk, $"buffered {producer.MaxBuffered} bytes");
        Assert.IsType<ConnectionDoneException>(server.LostReason!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_peer_that_never_reads_keeps_the_servers_buffer_under_the_mark_plus_one_chunk(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        byte[] payload = new byte[256 << 20];
        PushingProducer? producer = null;
        var server = new Recorder
        {
            OnMade = p =>
            {
                producer = new PushingProducer(reactor, p.Transport, payload);
                producer.Start();
                // Give the producer a second of reactor time against a peer that reads nothing.
                reactor.CallLater(TimeSpan.FromSeconds(1), () => ((ITcpTransport)p.Transport).AbortConnection());
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        using var socket = Net.Connect(Net.PortOf(port));
        Net.Run(reactor, 30);
        Assert.True(producer!.Pauses >= 1);
        Assert.True(producer.MaxBuffered <= TcpConnection.HighWaterMark + Chunk, $"buffered {producer.MaxBuffered} bytes");
        Assert.True(producer.Stopped, "the producer must be stopped when the connection is lost");
    }

    /// <summary>A pull producer writing one chunk each time it is asked.</summary>
    private sealed class PullingProducer(ITransport transport, byte[] data) : IPullProducer
    {
        private int _offset;

        public int Asked { get; private set; }

        public void ResumeProducing()
        {
            Asked++;
            int n = Math.Min(32 * 1024, data.Length - _offset);
            transport.Write(data.AsSpan(_offset, n));
            _offset += n;
            if (_offset == data.Length)
            {
                transport.UnregisterProducer();
                transport.LoseConnection();
            }
        }

        public void StopProducing()
        {
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_pull_producer_is_asked_at_registration_and_whenever_the_buffer_drains(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        byte[] payload = Net.RandomBytes(2 << 20, seed: 22);
        PullingProducer? producer = null;
        var server = new Recorder
        {
            OnMade = p =>
            {
                producer = new PullingProducer(p.Transport, payload);
                p.Transport.RegisterProducer(producer, streaming: false);
                Assert.Equal(1, producer.Asked);
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[]? received = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            received = Net.ReadToEnd(socket);
        });
        Net.Run(reactor, 60);
        peer.Join();
        Assert.Equal(Net.Sha(payload), Net.Sha(received!));
        Assert.Equal(64, producer!.Asked);
    }

    private sealed class NullPush : IPushProducer
    {
        public int Stops { get; private set; }

        public void PauseProducing()
        {
        }

        public void ResumeProducing()
        {
        }

        public void StopProducing() => Stops++;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void RegisterProducer_raises_Twisteds_errors_and_stops_a_producer_registered_after_the_loss(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var first = new NullPush();
        var late = new NullPush();
        Exception? twice = null;
        Exception? wrongKind = null;
        var server = new Recorder();
        var client = new Recorder
        {
            OnMade = p =>
            {
                p.Transport.RegisterProducer(first, streaming: true);
                twice = Record.Exception(() => p.Transport.RegisterProducer(new NullPush(), streaming: true));
                p.Transport.UnregisterProducer();
                wrongKind = Record.Exception(() => p.Transport.RegisterProducer(new NullPush(), streaming: false));
                p.Transport.RegisterProducer(first, streaming: true);
                p.Transport.UnregisterProducer();
                p.Transport.LoseConnection();
            },
            OnLost = p =>
            {
                p.Transport.RegisterProducer(late, streaming: true);
                reactor.Stop();
            },
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor);
        var error = Assert.IsType<InvalidOperationException>(twice);
        Assert.StartsWith("Cannot register producer", error.Message);
        Assert.Contains("was never unregistered", error.Message);
        Assert.IsType<ArgumentException>(wrongKind);
        Assert.Equal(0, first.Stops);
        Assert.Equal(1, late.Stops);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void LoseConnection_waits_for_the_registered_producer_to_unregister(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var producer = new NullPush();
        var server = new Recorder
        {
            OnMade = p =>
            {
                p.Transport.RegisterProducer(producer, streaming: true);
                p.Transport.Write("first "u8);
                p.Transport.LoseConnection();
                reactor.CallLater(TimeSpan.FromMilliseconds(100), () =>
                {
                    p.Transport.Write("last"u8);
                    p.Transport.UnregisterProducer();
                });
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        byte[]? received = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(portNumber);
            received = Net.ReadToEnd(socket);
        });
        Net.Run(reactor);
        peer.Join();
        Assert.Equal("first last", Encoding.ASCII.GetString(received!));
        Assert.Equal(0, producer.Stops);
        Assert.IsType<ConnectionDoneException>(server.LostReason!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Pausing_the_transport_stops_reading_until_it_is_resumed(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        long receivedWhilePaused = -1;
        var server = new Recorder
        {
            OnMade = p =>
            {
                p.Transport.PauseProducing();
                reactor.CallLater(TimeSpan.FromMilliseconds(300), () =>
                {
                    receivedWhilePaused = p.Received.Length;
                    p.Transport.ResumeProducing();
                });
            },
            OnData = p =>
            {
                if (p.Received.Length == 3)
                {
                    reactor.Stop();
                }
            },
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        using var socket = Net.Connect(Net.PortOf(port));
        socket.Send("abc"u8.ToArray());
        Net.Run(reactor);
        Assert.Equal(0, receivedWhilePaused);
        Assert.Equal("abc", Encoding.ASCII.GetString(server.Received.ToArray()));
    }

    /// <summary>Echoes what it receives and records the most bytes its transport ever had waiting.</summary>
    private sealed class LimitedEcho(long limit) : Protocol
    {
        public long MaxBuffered { get; private set; }

        public Failure? LostReason { get; private set; }

        public Action? OnLost { get; set; }

        public override void ConnectionMade() => ((ITcpTransport)Transport).WriteBufferLimit = limit;

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            Transport.Write(data);
            MaxBuffered = Math.Max(MaxBuffered, ((TcpConnection)Transport).BufferedBytes);
        }

        public override void ConnectionLost(Failure reason)
        {
            LostReason = reason;
            OnLost?.Invoke();
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void An_echo_to_a_peer_that_never_reads_is_aborted_at_the_write_buffer_limit(string kind)
    {
        const long Limit = 256 * 1024;
        var reactor = ReactorKinds.Create(kind);
        var server = new LimitedEcho(Limit) { OnLost = () => reactor.Stop() };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        long sent = 0;
        var peer = new PeerThread(() =>
        {
            // Sends and never reads, until the server gives up on it (bounded: 512 MiB or an error).
            using var socket = Net.Connect(Net.PortOf(port));
            byte[] chunk = new byte[64 * 1024];
            try
            {
                while (sent < (512L << 20))
                {
                    sent += socket.Send(chunk);
                }
            }
            catch (SocketException)
            {
                // The server aborted the connection: what this test waits for.
            }
        });
        Net.Run(reactor, 60);
        peer.Join();
        var overflow = Assert.IsType<WriteBufferOverflowException>(server.LostReason!.Value);
        Assert.Equal(Limit, overflow.Limit);
        Assert.True(overflow.Buffered > Limit, $"aborted with {overflow.Buffered} bytes waiting");
        // At most the limit plus what one read delivers (a receive is at most 64 KiB).
        Assert.True(server.MaxBuffered <= Limit + (64 * 1024), $"the buffer reached {server.MaxBuffered} bytes");
        Assert.True(sent < (512L << 20), "the peer was never cut off");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void One_write_larger_than_the_limit_is_sent_whole_when_little_is_waiting(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        byte[] payload = Net.RandomBytes(4 << 20, seed: 11);
        var server = new Recorder
        {
            OnMade = p =>
            {
                ((ITcpTransport)p.Transport).WriteBufferLimit = 1024;
                p.Transport.Write(payload);
                p.Transport.LoseConnection();
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        byte[]? received = null;
        var peer = new PeerThread(() =>
        {
            using var socket = Net.Connect(Net.PortOf(port));
            received = Net.ReadToEnd(socket);
        });
        Net.Run(reactor, 60);
        peer.Join();
        Assert.IsType<ConnectionDoneException>(server.LostReason!.Value);
        Assert.Equal(Net.Sha(payload), Net.Sha(received!));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void With_a_producer_registered_the_write_buffer_limit_does_not_abort(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        byte[] payload = new byte[64 << 20];
        PushingProducer? producer = null;
        var server = new Recorder
        {
            OnMade = p =>
            {
                // Below the high-water mark (64 KiB) plus a chunk, so only the producer's pauses keep it bounded.
                ((ITcpTransport)p.Transport).WriteBufferLimit = 16 * 1024;
                producer = new PushingProducer(reactor, p.Transport, payload);
                producer.Start();
                reactor.CallLater(TimeSpan.FromSeconds(1), () => ((ITcpTransport)p.Transport).AbortConnection());
            },
            OnLost = _ => reactor.Stop(),
        };
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => server), interfaceAddress: "127.0.0.1");
        using var socket = Net.Connect(Net.PortOf(port));
        Net.Run(reactor, 30);
        Assert.True(producer!.Pauses >= 1);
        Assert.IsType<ConnectionAbortedException>(server.LostReason!.Value);
    }

    [Fact]
    public void WriteBufferLimit_must_be_positive()
    {
        var transport = new Torsion.Testing.StringTransport();
        Assert.Equal(ITcpTransport.DefaultWriteBufferLimit, transport.WriteBufferLimit);
        Assert.Throws<ArgumentOutOfRangeException>(() => transport.WriteBufferLimit = 0);
        transport.WriteBufferLimit = long.MaxValue;
        Assert.Equal(long.MaxValue, transport.WriteBufferLimit);
    }
}
