using System;
using System.Diagnostics;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>
/// Runs the classes that count this process's descriptors with no other test running: a test in
/// another class that opens or closes a socket meanwhile would change the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCountingCollection
{
    public const string Name = "descriptor counting";
}

/// <summary>No descriptor leaked over many connections; no allocation per read or write on the steady path.</summary>
[Collection(DescriptorCountingCollection.Name)]
public class ResourceTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Ten_thousand_connect_close_cycles_leak_no_descriptor(string kind)
    {
        const int Cycles = 10_000;
        const int Parallel = 8;
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), backlog: 128, interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        int before = -1;
        int started = 0;
        int finished = 0;
        int failures = 0;
        var clock = Stopwatch.StartNew();

        void Next()
        {
            if (started == Cycles || clock.Elapsed > TimeSpan.FromSeconds(100))
            {
                if (finished == started)
                {
                    port.StopListening().AddCallback(_ => reactor.Stop());
                }

                return;
            }

            started++;
            var factory = new RecordingClientFactory
            {
                Protocol = () => new Recorder { OnMade = p => p.Transport.LoseConnection() },
                OnLost = (_, _) => { finished++; Next(); },
                OnFailed = (_, _) => { failures++; finished++; Next(); },
            };
            reactor.ConnectTcp("127.0.0.1", portNumber, factory);
        }

        reactor.CallWhenRunning(() =>
        {
            before = Net.OpenDescriptors();
            for (int i = 0; i < Parallel; i++)
            {
                Next();
            }
        });
        ReactorKinds.RunBounded(reactor, 120);
        int after = Net.OpenDescriptors();
        reactor.Dispose();
        Assert.Equal(Cycles, finished);
        Assert.Equal(0, failures);
        // The listening socket was open when counting began and is closed now; the server side of
        // the last connections may still be closing: allow those few.
        Assert.True(after <= before + Parallel, $"{before} descriptors before, {after} after {Cycles} cycles");
    }

    /// <summary>Runs <paramref name="roundTrips"/> 32-byte echo round trips and returns the bytes allocated on the reactor thread during the last ones.</summary>
    private static long AllocatedDuringEcho(string kind, int warmUp, int measured)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        long allocated = -1;
        var client = new PingClient(warmUp, measured, bytes =>
        {
            allocated = bytes;
            reactor.Stop();
        });
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), ClientFactory.ForProtocol(() => client));
        Net.Run(reactor, 60);
        Assert.True(allocated >= 0, "the ping-pong did not finish");
        return allocated;
    }

    private sealed class PingClient(int warmUp, int measured, Action<long> done) : Protocol
    {
        private readonly byte[] _message = new byte[32];
        private int _pending;
        private int _count;
        private long _start;

        public override void ConnectionMade()
        {
            ((ITcpTransport)Transport).SetTcpNoDelay(true);
            Send();
        }

        private void Send()
        {
            _pending = _message.Length;
            Transport.Write(_message);
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            _pending -= data.Length;
            if (_pending > 0)
            {
                return;
            }

            _count++;
            if (_count == warmUp)
            {
                _start = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_count == warmUp + measured)
            {
                done(GC.GetAllocatedBytesForCurrentThread() - _start);
                return;
            }

            Send();
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void An_echo_round_trip_allocates_nothing_on_the_reactor_thread_once_warm(string kind)
    {
        const int Measured = 5_000;
        long allocated = AllocatedDuringEcho(kind, warmUp: 1_000, measured: Measured);
        // Each round trip is two reads and two writes (client and server, both on this thread).
        // A per-operation allocation would be at least 24 bytes x 20,000; allow only stray noise.
        Assert.True(allocated < 4_096, $"{allocated} bytes allocated over {Measured} round trips");
    }
}
