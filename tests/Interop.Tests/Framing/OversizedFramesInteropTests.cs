using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Torsion.Interop.Tests.Networking;
using Torsion.Protocols;

namespace Torsion.Interop.Tests.Framing;

/// <summary>
/// A Twisted client sends an oversized line, Int32 length prefix or netstring length to a Torsion
/// framer server over real TCP: the documented callback (LineLengthExceeded, LengthLimitExceeded,
/// the netstring parse error) closes the connection, nothing is delivered, and the client sees the close.
/// </summary>
public sealed class OversizedFramesInteropTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (string framer in new[] { "line", "int32", "netstring" })
        {
            foreach (string kind in new[] { "epoll", "completion" })
            {
                yield return new object[] { framer, kind };
            }
        }
    }

    private sealed class Events
    {
        public int Delivered;
        public int Exceeded;
        public bool Broken;
    }

    private sealed class LineServer(Events events) : LineReceiver
    {
        protected override void LineReceived(ReadOnlySpan<byte> line) => events.Delivered++;

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            events.Exceeded++;
            base.LineLengthExceeded(line);
        }
    }

    private sealed class Int32Server(Events events) : Int32StringReceiver
    {
        protected override void StringReceived(ReadOnlySpan<byte> data) => events.Delivered++;

        protected override void LengthLimitExceeded(long length)
        {
            events.Exceeded++;
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class NetstringServer(Events events) : NetstringReceiver
    {
        protected override void StringReceived(ReadOnlySpan<byte> data) => events.Delivered++;

        public override void ConnectionLost(Failure reason) => events.Broken = BrokenPeer;
    }

    private static string Script()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "Interop.Tests", "Framing", "twisted_oversize_client.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("twisted_oversize_client.py not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_oversized_frame_from_Twisted_makes_the_Torsion_server_close_the_connection(string framer, string kind)
    {
        var events = new Events();
        var reactor = TwistedEchoInteropTests.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol(() => framer switch
        {
            "line" => new LineServer(events),
            "int32" => (Protocol)new Int32Server(events),
            _ => new NetstringServer(events),
        }), interfaceAddress: "127.0.0.1");
        int number = ((IPv4Address)port.GetHost()).Port;
        using var client = TwistedNetPeer.StartProgram(TwistedNetPeer.Interpreter, "-B", Script(), framer, number.ToString());
        var waiter = new Thread(() =>
        {
            try
            {
                client.WaitForExit(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                // Reported by the assertions on the output.
            }

            reactor.CallFromThread(reactor.Stop);
        }) { IsBackground = true };
        waiter.Start();
        TwistedEchoInteropTests.RunBounded(reactor, 90);
        waiter.Join();

        Assert.Equal(new[] { "closed" }, client.Lines);
        Assert.Equal(0, events.Delivered);
        if (framer == "netstring")
        {
            Assert.True(events.Broken);
        }
        else
        {
            Assert.Equal(1, events.Exceeded);
        }
    }
}
