using System;
using System.Diagnostics;
using System.IO;
using Torsion.Tests.Networking;

namespace Torsion.Tests.Stress;

/// <summary>
/// The networking promises of issue 7 at ten times their size, in a child process (a leak or a
/// runaway buffer kills the child, not the test host): 100,000 connect/close cycles with no
/// descriptor leaked, and 10 GiB echoed through one TCP connection with every byte checked.
/// Loopback only; each scenario stops itself and has a time bound.
/// </summary>
internal static partial class StressScenarios
{
    /// <summary>Connect/close cycles: ten times issue 7's 10,000.</summary>
    public const int ConnectCloseCycles = 100_000;

    /// <summary>Bytes echoed: ten times issue 7's 1 GiB.</summary>
    public const long EchoedBytes = 10L << 30;

    /// <summary>Connections kept in flight at once by the connect/close scenario.</summary>
    private const int ConnectionsInFlight = 8;

    /// <summary>A bound on each networking scenario (the child process's own limit is larger).</summary>
    private static readonly TimeSpan s_networkLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// 100,000 client connections to a server on 127.0.0.1, eight in flight, each closed by the server
    /// as soon as it is made; every one must end in <c>ConnectionLost</c> on the client (none fails to
    /// connect), and on Linux the process must hold no more descriptors afterwards than before.
    /// </summary>
    /// <remarks>
    /// The server closes first so that the closed connections wait out TIME_WAIT on the server's
    /// side, where each has its own address pair: closed by the client, 100,000 connections in a
    /// few seconds would use up the client's ephemeral ports on systems that do not reuse them on
    /// loopback (the 10,000-cycle test in Networking/ResourceTests closes from the client).
    /// </remarks>
    public static void ConnectCloseHundredThousand()
    {
        ReactorBase reactor = CreateReactor();
        IListeningPort port = reactor.ListenTcp(0, Factory.ForProtocol<CloseAtOnce>(), backlog: 128, interfaceAddress: "127.0.0.1");
        int portNumber = Net.PortOf(port);
        int before = -1;
        int started = 0;
        int finished = 0;
        int failures = 0;
        Failure? firstFailure = null;
        var clock = Stopwatch.StartNew();

        void Next()
        {
            if (started == ConnectCloseCycles || clock.Elapsed > s_networkLimit)
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
                Protocol = () => new Recorder(),
                OnLost = (_, _) => { finished++; Next(); },
                OnFailed = (_, reason) => { firstFailure ??= reason; failures++; finished++; Next(); },
            };
            reactor.ConnectTcp("127.0.0.1", portNumber, factory);
        }

        reactor.CallWhenRunning(() =>
        {
            before = CountDescriptors();
            for (int i = 0; i < ConnectionsInFlight; i++)
            {
                Next();
            }
        });
        Net.Run(reactor, s_networkLimit.TotalSeconds + 30);

        int after = CountDescriptors();
        Check(failures == 0, failures + " connections failed; the first: " + firstFailure?.GetErrorMessage());
        Check(finished == ConnectCloseCycles, "only " + finished + " of " + ConnectCloseCycles + " cycles finished within " + s_networkLimit.TotalSeconds + " s");

        // The listening socket was counted before and is closed now; the server ends of the last
        // connections may still be closing: allow those few.
        Check(after <= before + ConnectionsInFlight, before + " descriptors before, " + after + " after " + ConnectCloseCycles + " cycles");
        Console.WriteLine($"{ConnectCloseCycles} cycles in {clock.Elapsed.TotalSeconds:F1} s; descriptors {before} -> {after}");
    }

    /// <summary>
    /// 10 GiB sent through an echo server over one loopback connection in seeded random chunk sizes
    /// (1 B to 256 KiB), under flow control on both ends (the client is a push producer; the server
    /// throttles by its own write buffer). Every byte that comes back is compared with the byte sent
    /// at that position, and the total must match exactly; neither end's buffer may overflow.
    /// </summary>
    public static void EchoTenGibibytes()
    {
        ReactorBase reactor = CreateReactor();
        IListeningPort port = reactor.ListenTcp(0, Factory.ForProtocol<ThrottledEcho>(), interfaceAddress: "127.0.0.1");
        var client = new VerifyingSender(EchoedBytes, seed: 20261204);
        var clock = Stopwatch.StartNew();
        Failure? connectFailure = null;
        var factory = new RecordingClientFactory
        {
            Protocol = () => client,
            OnFailed = (_, reason) => { connectFailure = reason; reactor.Stop(); },
            OnLost = (_, _) => port.StopListening().AddCallback(_ => reactor.Stop()),
        };
        reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), factory);
        Net.Run(reactor, s_networkLimit.TotalSeconds + 30);

        Check(connectFailure is null, "could not connect: " + connectFailure?.GetErrorMessage());
        Check(client.Error is null, client.Error ?? string.Empty);
        Check(client.Sent == EchoedBytes, "sent " + client.Sent + " of " + EchoedBytes + " bytes");
        Check(client.Received == EchoedBytes, "received " + client.Received + " of " + EchoedBytes + " bytes back");
        Console.WriteLine($"{EchoedBytes >> 30} GiB echoed and checked in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static ReactorBase CreateReactor() => (ReactorBase)Reactor.CreateDefault();

    /// <summary>This process's open descriptors where the system lists them (Linux), else 0.</summary>
    private static int CountDescriptors() => Directory.Exists("/proc/self/fd") ? Net.OpenDescriptors() : 0;

    /// <summary>A server protocol that closes each connection as soon as it is made.</summary>
    private sealed class CloseAtOnce : Protocol
    {
        public override void ConnectionMade() => Transport.LoseConnection();
    }

    /// <summary>An echo server that stops reading while its own write buffer is full.</summary>
    private sealed class ThrottledEcho : Protocol
    {
        public override void ConnectionMade() => Transport.RegisterProducer(Transport, streaming: true);

        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);
    }

    /// <summary>
    /// Sends <c>total</c> bytes of a repeating random pattern as a push producer, checks every byte
    /// echoed back against the byte sent at its position, and closes once all of it came back.
    /// </summary>
    private sealed class VerifyingSender : Protocol, IPushProducer
    {
        /// <summary>
        /// Pattern length: a prime, so that a loss or duplication is caught unless it is a multiple of
        /// 1 MiB long and balanced by another (the exact total catches a lone one).
        /// </summary>
        private const int PatternLength = 1_048_573;

        private const int MaxChunk = 256 * 1024;

        private readonly long _total;
        private readonly byte[] _pattern;
        private readonly Random _chunkSizes;
        private bool _paused;
        private bool _producing;
        private bool _unregistered;

        public VerifyingSender(long total, int seed)
        {
            _total = total;
            _chunkSizes = new Random(seed);

            // Twice the pattern, so that any run starting inside it can be compared in one span.
            _pattern = new byte[PatternLength + MaxChunk];
            new Random(seed).NextBytes(_pattern.AsSpan(0, PatternLength));
            _pattern.AsSpan(0, MaxChunk).CopyTo(_pattern.AsSpan(PatternLength));
        }

        public long Sent { get; private set; }

        public long Received { get; private set; }

        public string? Error { get; private set; }

        public override void ConnectionMade()
        {
            Transport.RegisterProducer(this, streaming: true);
            Produce();
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty && Error is null)
            {
                int offset = (int)(Received % PatternLength);
                int run = Math.Min(data.Length, MaxChunk);
                if (!data[..run].SequenceEqual(_pattern.AsSpan(offset, run)))
                {
                    int at = data[..run].CommonPrefixLength(_pattern.AsSpan(offset, run));
                    Error = "byte " + (Received + at) + " came back different from the byte sent there";
                    Abort();
                    return;
                }

                Received += run;
                data = data[run..];
            }

            if (Received > Sent)
            {
                Error = "more bytes came back (" + Received + ") than were sent (" + Sent + ")";
                Abort();
            }
            else if (Received == _total)
            {
                Transport.LoseConnection();
            }
        }

        public override void ConnectionLost(Failure reason)
        {
            if (Received != _total && Error is null)
            {
                Error = "the connection was lost after " + Received + " bytes came back: " + reason.GetErrorMessage();
            }
        }

        public void PauseProducing() => _paused = true;

        /// <summary>
        /// Drops the connection at once: a graceful close would first flush this end's write buffer,
        /// which the peer is not reading while its own buffer toward this end is full.
        /// </summary>
        private void Abort() => ((ITcpTransport)Transport).AbortConnection();

        public void ResumeProducing()
        {
            _paused = false;
            Produce();
        }

        public void StopProducing() => _paused = true;

        /// <summary>Writes chunks until the transport pauses this producer or everything was sent.</summary>
        private void Produce()
        {
            if (_producing)
            {
                return; // resumed from inside a Write below: the loop goes on by itself
            }

            _producing = true;
            try
            {
                while (!_paused && Sent < _total && Error is null)
                {
                    int size = (int)Math.Min(_chunkSizes.Next(1, MaxChunk + 1), _total - Sent);
                    int offset = (int)(Sent % PatternLength);
                    Sent += size;
                    Transport.Write(_pattern.AsSpan(offset, size));
                }

                if (Sent == _total && !_unregistered)
                {
                    _unregistered = true;
                    Transport.UnregisterProducer();
                }
            }
            finally
            {
                _producing = false;
            }
        }
    }
}
