using System;

namespace Torsion.Benchmarks.Networking;

/// <summary>The load generator of <see cref="NetworkEchoComparison"/>: Torsion clients on one epoll reactor.</summary>
internal static class LoadGenerator
{
    private sealed class Pinger(int size, Counter counter) : Protocol
    {
        private readonly byte[] _message = new byte[size];
        private int _pending;

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
            if (_pending <= 0)
            {
                counter.Value++;
                if (!counter.Stopping)
                {
                    Send();
                }
            }
        }
    }

    private sealed class Counter
    {
        public long Value;
        public bool Stopping;
    }

    /// <summary>Round trips per second over the measured window; <paramref name="total"/> counts every round trip.</summary>
    public static double PingPong(int port, int connections, int size, TimeSpan warmUp, TimeSpan measure, out long total)
    {
        using var reactor = new EpollReactor();
        var counter = new Counter();
        var connectors = new IConnector[connections];
        for (int i = 0; i < connections; i++)
        {
            connectors[i] = reactor.ConnectTcp("127.0.0.1", port, ClientFactory.ForProtocol(() => new Pinger(size, counter)));
        }

        long start = 0;
        long end = 0;
        reactor.CallLater(warmUp, () => start = counter.Value);
        reactor.CallLater(warmUp + measure, () =>
        {
            end = counter.Value;
            counter.Stopping = true;
            foreach (var connector in connectors)
            {
                connector.Disconnect();
            }

            reactor.CallLater(TimeSpan.FromMilliseconds(200), reactor.Stop);
        });
        reactor.Run(installSignalHandlers: false);
        total = counter.Value;
        return (end - start) / measure.TotalSeconds;
    }

    private sealed class Streamer(int chunk, Counter counter) : Protocol, IPullProducer
    {
        private readonly byte[] _chunk = new byte[chunk];

        public override void ConnectionMade()
        {
            ((ITcpTransport)Transport).SetTcpNoDelay(true);
            Transport.RegisterProducer(this, streaming: false);
        }

        public override void DataReceived(ReadOnlySpan<byte> data) => counter.Value += data.Length;

        public void ResumeProducing()
        {
            if (!counter.Stopping)
            {
                Transport.Write(_chunk);
            }
        }

        public void StopProducing()
        {
        }
    }

    /// <summary>Echoed megabytes (10^6 bytes) per second over the measured window.</summary>
    public static double Stream(int port, int chunk, TimeSpan warmUp, TimeSpan measure, out long total)
    {
        using var reactor = new EpollReactor();
        var counter = new Counter();
        var connector = reactor.ConnectTcp("127.0.0.1", port, ClientFactory.ForProtocol(() => new Streamer(chunk, counter)));
        long start = 0;
        long end = 0;
        reactor.CallLater(warmUp, () => start = counter.Value);
        reactor.CallLater(warmUp + measure, () =>
        {
            end = counter.Value;
            counter.Stopping = true;
            connector.Disconnect();
            reactor.CallLater(TimeSpan.FromMilliseconds(200), reactor.Stop);
        });
        reactor.Run(installSignalHandlers: false);
        total = counter.Value;
        return (end - start) / measure.TotalSeconds / 1e6;
    }
}
