using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Torsion.Interop.Tests.Peers;
using Torsion.Protocols;

namespace Torsion.Interop.Tests.Framing;

/// <summary>
/// Torsion's LineReceiver, Int32StringReceiver and NetstringReceiver against Twisted's, live over
/// 127.0.0.1, both directions (framing_peer.py is Twisted's side): every message, from empty to 16 KiB,
/// crosses intact, and an oversized line or length prefix makes the receiver close the connection.
/// </summary>
public sealed class FramingInteropTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    private static string Script => RepositoryRoot.Combine("tests/Interop.Tests/Framing/framing_peer.py");

    /// <summary>The messages framing_peer.py sends (its <c>messages()</c>).</summary>
    private static IReadOnlyList<byte[]> Messages() => new[]
    {
        Array.Empty<byte>(),
        "a"u8.ToArray(),
        "hello world"u8.ToArray(),
        Enumerable.Range(0, 256).Where(b => b is not (10 or 13)).Select(b => (byte)b).ToArray(),
        Enumerable.Repeat((byte)'x', 16384).ToArray(),
        Enumerable.Repeat((byte)'y', 5000).ToArray(),
    };

    public static TheoryData<string> Framers() => new() { "line", "int32", "netstring" };

    /// <summary>Runs a reactor on a thread of its own for the duration of a test.</summary>
    private sealed class ReactorThread : IDisposable
    {
        private readonly Thread _thread;

        public ReactorThread()
        {
            Reactor = new EpollReactor();
            var started = new ManualResetEventSlim();
            Reactor.CallWhenRunning(started.Set);
            _thread = new Thread(() => Reactor.Run(installSignalHandlers: false)) { IsBackground = true, Name = "interop reactor" };
            _thread.Start();
            Assert.True(started.Wait(s_limit), "the reactor did not start");
        }

        public EpollReactor Reactor { get; }

        public Task<T> Call<T>(Func<T> function)
        {
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Reactor.CallFromThread(() =>
            {
                try
                {
                    result.SetResult(function());
                }
                catch (Exception error)
                {
                    result.SetException(error);
                }
            });
            return result.Task;
        }

        public void Dispose()
        {
            Reactor.CallFromThread(Reactor.Stop);
            Assert.True(_thread.Join(s_limit), "the reactor did not stop");
            Reactor.Dispose();
        }
    }

    /// <summary>Torsion's framer of each kind, answering or collecting messages.</summary>
    private interface IPeer
    {
        void Send(ReadOnlySpan<byte> message);
    }

    private static Protocol Create(string framer, Action<IPeer, byte[]> onMessage, Action<Failure>? onLost = null) => framer switch
    {
        "line" => new LinePeer(onMessage, onLost),
        "int32" => new Int32Peer(onMessage, onLost),
        _ => new NetstringPeer(onMessage, onLost),
    };

    private sealed class LinePeer(Action<IPeer, byte[]> onMessage, Action<Failure>? onLost) : LineReceiver, IPeer
    {
        public void Send(ReadOnlySpan<byte> message) => SendLine(message);

        protected override void LineReceived(ReadOnlySpan<byte> line) => onMessage(this, line.ToArray());

        public override void ConnectionLost(Failure reason) => onLost?.Invoke(reason);
    }

    private sealed class Int32Peer(Action<IPeer, byte[]> onMessage, Action<Failure>? onLost) : Int32StringReceiver, IPeer
    {
        public void Send(ReadOnlySpan<byte> message) => SendString(message);

        protected override void StringReceived(ReadOnlySpan<byte> data) => onMessage(this, data.ToArray());

        public override void ConnectionLost(Failure reason) => onLost?.Invoke(reason);
    }

    private sealed class NetstringPeer(Action<IPeer, byte[]> onMessage, Action<Failure>? onLost) : NetstringReceiver, IPeer
    {
        public void Send(ReadOnlySpan<byte> message) => SendString(message);

        protected override void StringReceived(ReadOnlySpan<byte> data) => onMessage(this, data.ToArray());

        public override void ConnectionLost(Failure reason) => onLost?.Invoke(reason);
    }

    private static byte[] Reversed(byte[] message) => message.Reverse().ToArray();

    [Theory]
    [MemberData(nameof(Framers))]
    public async Task A_Twisted_client_gets_every_answer_from_a_Torsion_server(string framer)
    {
        await TwistedPython.RequireAsync();
        using var reactor = new ReactorThread();
        IListeningPort port = await reactor.Call(() => reactor.Reactor.ListenTcp(0, Factory.ForProtocol(() => Create(framer, (peer, message) =>
        {
            if (message.AsSpan().SequenceEqual("quit"u8))
            {
                ((Protocol)peer).Transport.LoseConnection();
            }
            else
            {
                peer.Send(Reversed(message));
            }
        })), interfaceAddress: "127.0.0.1"));
        int number = ((IPv4Address)port.GetHost()).Port;

        PeerResult twisted = await TwistedPython.RunAsync(TwistedPython.Script(Script, "client", framer, number.ToString()), s_limit);
        Assert.True(twisted.ExitCode == 0, twisted.Describe());
        Assert.Equal(Messages().Select(m => Convert.ToHexString(Reversed(m)).ToLowerInvariant()), twisted.Lines);
    }

    [Theory]
    [MemberData(nameof(Framers))]
    public async Task A_Torsion_client_gets_every_answer_from_a_Twisted_server(string framer)
    {
        await TwistedPython.RequireAsync();
        await using RunningPeer server = await TwistedPython.StartAsync(TwistedPython.Script(Script, "server", framer));
        string listening = await server.WaitForOutputLineAsync(line => line.StartsWith("listening on ", StringComparison.Ordinal), s_limit);
        int number = int.Parse(listening.Substring(listening.LastIndexOf(':') + 1));

        IReadOnlyList<byte[]> messages = Messages();
        var answers = new List<byte[]>();
        var finished = new TaskCompletionSource<Failure>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var reactor = new ReactorThread())
        {
            await reactor.Call(() => new ClientCreator<Protocol>(reactor.Reactor, () => Create(
                framer,
                (peer, message) =>
                {
                    answers.Add(message);
                    if (answers.Count == messages.Count)
                    {
                        peer.Send("quit"u8);
                    }
                },
                reason => finished.TrySetResult(reason))).ConnectTcp("127.0.0.1", number).AddCallback(protocol =>
                {
                    foreach (byte[] message in messages)
                    {
                        ((IPeer)protocol).Send(message);
                    }
                }));
            Failure end = await finished.Task.WaitAsync(s_limit);
            Assert.IsType<ConnectionDoneException>(end.Value);
        }

        Assert.Equal(messages.Select(Reversed), answers);
        PeerResult result = await server.WaitForExitAsync(s_limit);
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Theory]
    [MemberData(nameof(Framers))]
    public async Task An_oversized_message_from_Twisted_makes_the_Torsion_receiver_close_the_connection(string framer)
    {
        await TwistedPython.RequireAsync();
        using var reactor = new ReactorThread();
        int delivered = 0;
        IListeningPort port = await reactor.Call(() => reactor.Reactor.ListenTcp(0, Factory.ForProtocol(() => Create(framer, (_, _) => delivered++)), interfaceAddress: "127.0.0.1"));
        int number = ((IPv4Address)port.GetHost()).Port;

        PeerResult twisted = await TwistedPython.RunAsync(TwistedPython.Script(Script, "oversize", framer, number.ToString()), s_limit);
        Assert.True(twisted.ExitCode == 0, twisted.Describe());
        Assert.Equal(new[] { "closed" }, twisted.Lines);
        Assert.Equal(0, await reactor.Call(() => delivered));
    }
}
