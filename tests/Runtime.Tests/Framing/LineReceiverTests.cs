using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>Twisted's LineReceiver and LineOnlyReceiver cases (twisted/protocols/test/test_basic.py), in Torsion.</summary>
public sealed class LineReceiverTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static string S(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    /// <summary>Twisted's LineTester: "\n" lines, MAX 64, tokens that pause, stop, switch to raw for "len n" bytes.</summary>
    private sealed class LineTester : LineReceiver
    {
        private readonly Clock? _clock;
        private int _length;

        public LineTester(Clock? clock = null)
        {
            _clock = clock;
            Delimiter = B("\n");
            MaxLength = 64;
        }

        public List<string> Received { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            string text = S(line);
            Received.Add(text);
            if (text.Length == 0)
            {
                SetRawMode();
            }
            else if (text == "pause")
            {
                PauseProducing();
                _clock!.CallLater(TimeSpan.Zero, ResumeProducing);
            }
            else if (text == "rawpause")
            {
                PauseProducing();
                SetRawMode();
                Received.Add("");
                _clock!.CallLater(TimeSpan.Zero, ResumeProducing);
            }
            else if (text == "stop")
            {
                StopProducing();
            }
            else if (text.StartsWith("len ", StringComparison.Ordinal))
            {
                _length = int.Parse(text.AsSpan(4));
            }
            else if (text.StartsWith("produce", StringComparison.Ordinal))
            {
                Transport.RegisterProducer(this, streaming: true);
            }
            else if (text.StartsWith("unproduce", StringComparison.Ordinal))
            {
                Transport.UnregisterProducer();
            }
        }

        protected override void RawDataReceived(ReadOnlySpan<byte> data)
        {
            int take = Math.Min(_length, data.Length);
            _length -= take;
            Received[^1] += S(data.Slice(0, take));
            if (_length == 0)
            {
                SetLineMode(data.Slice(take));
            }
        }

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            if (line.Length > MaxLength + 1)
            {
                SetLineMode(line.Slice(MaxLength + 1));
            }
        }
    }

    private const string Buffer = "len 10\n\n0123456789len 5\n\n1234\nlen 20\nfoo 123\n\n0123456789\n012345678len 0\nfoo 5\n\n1234567890123456789012345678901234567890123456789012345678901234567890\nlen 1\n\na";

    private static readonly string[] BufferOutput =
    {
        "len 10", "0123456789", "len 5", "1234\n", "len 20", "foo 123", "0123456789\n012345678",
        "len 0", "foo 5", "", "67890", "len 1", "a",
    };

    private static void FeedInPackets(IProtocol protocol, string data, int packetSize)
    {
        byte[] bytes = B(data);
        for (int i = 0; i < bytes.Length; i += packetSize)
        {
            protocol.DataReceived(bytes.AsSpan(i, Math.Min(packetSize, bytes.Length - i)));
        }
    }

    [Fact]
    public void Buffering_gives_the_same_lines_and_raw_data_for_every_packet_size()
    {
        for (int packet = 1; packet < 10; packet++)
        {
            var tester = new LineTester();
            tester.MakeConnection(new StringTransport());
            FeedInPackets(tester, Buffer, packet);
            Assert.Equal(BufferOutput, tester.Received);
        }
    }

    [Fact]
    public void Pausing_in_LineReceived_holds_the_rest_until_resume_redelivers_it()
    {
        for (int packet = 1; packet < 10; packet++)
        {
            var clock = new Clock();
            var tester = new LineTester(clock);
            var transport = new StringTransport();
            tester.MakeConnection(transport);
            FeedInPackets(tester, "twiddle1\ntwiddle2\npause\ntwiddle3\n", packet);
            Assert.Equal(new[] { "twiddle1", "twiddle2", "pause" }, tester.Received);
            Assert.Equal(ProducerState.Paused, transport.ProducerState);
            clock.Advance(0);
            Assert.Equal(new[] { "twiddle1", "twiddle2", "pause", "twiddle3" }, tester.Received);
            Assert.Equal(ProducerState.Producing, transport.ProducerState);
        }
    }

    [Fact]
    public void Pausing_in_raw_mode_holds_raw_data_until_resume()
    {
        for (int packet = 1; packet < 10; packet++)
        {
            var clock = new Clock();
            var tester = new LineTester(clock);
            tester.MakeConnection(new StringTransport());
            FeedInPackets(tester, "twiddle1\ntwiddle2\nlen 5\nrawpause\n12345twiddle3\n", packet);
            Assert.Equal(new[] { "twiddle1", "twiddle2", "len 5", "rawpause", "" }, tester.Received);
            clock.Advance(0);
            Assert.Equal(new[] { "twiddle1", "twiddle2", "len 5", "rawpause", "12345", "twiddle3" }, tester.Received);
        }
    }

    [Fact]
    public void StopProducing_stops_delivery_for_good_and_stops_the_transport()
    {
        for (int packet = 1; packet < 10; packet++)
        {
            var tester = new LineTester();
            var transport = new StringTransport();
            tester.MakeConnection(transport);
            FeedInPackets(tester, "twiddle1\ntwiddle2\nstop\nmore\nstuff\n", packet);
            Assert.Equal(new[] { "twiddle1", "twiddle2", "stop" }, tester.Received);
            Assert.Equal(ProducerState.Stopped, transport.ProducerState);
        }
    }

    /// <summary>Twisted's ConsumingProtocol: writes each line and pauses itself after it.</summary>
    private sealed class Consuming : LineReceiver
    {
        public List<string> Written { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Written.Add(S(line));
            PauseProducing();
        }
    }

    [Fact]
    public void A_paused_LineReceiver_delivers_one_line_per_resume_as_in_Twisteds_ProducerTests()
    {
        var protocol = new Consuming();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B("hello, "));
        Assert.Empty(protocol.Written);
        Assert.False(protocol.Paused);

        protocol.DataReceived(B("world\r\n"));
        Assert.Equal(new[] { "hello, world" }, protocol.Written);
        Assert.True(protocol.Paused);
        Assert.Equal(ProducerState.Paused, transport.ProducerState);

        protocol.ResumeProducing();
        Assert.Equal(new[] { "hello, world" }, protocol.Written);
        Assert.False(protocol.Paused);
        Assert.Equal(ProducerState.Producing, transport.ProducerState);

        protocol.DataReceived(B("hello\r\nworld\r\n"));
        Assert.Equal(new[] { "hello, world", "hello" }, protocol.Written);
        Assert.True(protocol.Paused);

        protocol.ResumeProducing();
        Assert.Equal(new[] { "hello, world", "hello", "world" }, protocol.Written);
        Assert.True(protocol.Paused);

        protocol.DataReceived(B("goodbye\r\n"));
        Assert.Equal(new[] { "hello, world", "hello", "world" }, protocol.Written);

        protocol.ResumeProducing();
        Assert.Equal(new[] { "hello, world", "hello", "world", "goodbye" }, protocol.Written);
        Assert.True(protocol.Paused);

        protocol.ResumeProducing();
        Assert.Equal(4, protocol.Written.Count);
        Assert.False(protocol.Paused);
        Assert.Equal(ProducerState.Producing, transport.ProducerState);
    }

    [Fact]
    public void A_LineReceiver_can_register_itself_as_its_transports_producer()
    {
        var tester = new LineTester();
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.DataReceived(B("produce\nhello world\nunproduce\ngoodbye\n"));
        Assert.Equal(new[] { "produce", "hello world", "unproduce", "goodbye" }, tester.Received);
        Assert.Null(transport.Producer);
    }

    private sealed class ClearingReceiver : LineReceiver
    {
        public string Line = "";
        public string Rest = "";

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Line = S(line);
            Rest = S(ClearLineBuffer());
        }
    }

    [Fact]
    public void ClearLineBuffer_from_LineReceived_returns_and_drops_the_rest_even_without_a_transport()
    {
        var protocol = new ClearingReceiver();
        protocol.DataReceived(B("foo\r\nbar\r\nbaz"));
        Assert.Equal("foo", protocol.Line);
        Assert.Equal("bar\r\nbaz", protocol.Rest);
        protocol.DataReceived(B("quux\r\n"));
        Assert.Equal("quux", protocol.Line);
        Assert.Equal("", protocol.Rest);
    }

    private sealed class FlippingLineTester : LineReceiver
    {
        public StringBuilder Lines { get; } = new();

        public FlippingLineTester() => Delimiter = B("\n");

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Lines.Append(S(line));
            SetRawMode();
        }

        protected override void RawDataReceived(ReadOnlySpan<byte> data) => SetLineMode(data.Slice(1));
    }

    [Fact]
    public void Switching_modes_a_hundred_thousand_times_on_one_chunk_does_not_recurse()
    {
        const int count = 100_000;
        var protocol = new FlippingLineTester();
        protocol.MakeConnection(new StringTransport());
        protocol.DataReceived(B(string.Concat(Enumerable.Repeat("x\nx", count))));
        Assert.Equal(new string('x', count), protocol.Lines.ToString());
    }

    private sealed class Catcher : LineReceiver
    {
        public List<string> Lines { get; } = new();

        public List<string> LongLines { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line) => Lines.Add(S(line));

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line) => LongLines.Add(S(line));
    }

    private sealed class Plain : LineReceiver
    {
        public List<string> Lines { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line) => Lines.Add(S(line));
    }

    [Fact]
    public void A_line_longer_than_MaxLength_closes_the_connection_by_default()
    {
        var protocol = new Plain();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B(new string('x', 16385) + "\r\nr"));
        Assert.True(transport.Disconnecting);
        Assert.Empty(protocol.Lines);
    }

    [Fact]
    public void An_unfinished_line_of_MaxLength_plus_delimiter_bytes_closes_the_connection()
    {
        var protocol = new Plain();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B(new string('x', 16384 + 2)));
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void An_unfinished_line_of_MaxLength_plus_part_of_the_delimiter_is_still_accepted()
    {
        var protocol = new Plain();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B(new string('x', 16384) + "\r"));
        Assert.False(transport.Disconnecting);
        protocol.DataReceived(B("\n"));
        Assert.Equal(new string('x', 16384), Assert.Single(protocol.Lines));
    }

    [Fact]
    public void A_finished_line_of_MaxLength_whose_delimiter_came_in_pieces_is_accepted()
    {
        var tester = new LineTester { MaxLength = 4 };
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.Delimiter = B("\r\n");
        tester.DataReceived(B("xxx"));
        tester.DataReceived(B("\r"));
        tester.DataReceived(B("\nxxx"));
        Assert.False(transport.Disconnecting);
        Assert.Equal("xxx", Assert.Single(tester.Received));
    }

    [Fact]
    public void LineLengthExceeded_gets_the_whole_unended_line()
    {
        var catcher = new Catcher { MaxLength = 6 };
        catcher.MakeConnection(new StringTransport());
        string excessive = new string('x', 14);
        catcher.DataReceived(B(excessive));
        Assert.Equal(new[] { excessive }, catcher.LongLines);
    }

    [Fact]
    public void LineLengthExceeded_after_a_short_line_gets_the_bytes_after_its_delimiter()
    {
        var catcher = new Catcher { MaxLength = 6 };
        catcher.MakeConnection(new StringTransport());
        string excessive = new string('x', 14);
        catcher.DataReceived(B("x\r\n" + excessive));
        Assert.Equal(new[] { "x" }, catcher.Lines);
        Assert.Equal(new[] { excessive }, catcher.LongLines);
    }

    [Fact]
    public void LineLengthExceeded_gets_the_long_line_its_delimiter_and_everything_after_it()
    {
        var catcher = new Catcher { MaxLength = 6 };
        catcher.MakeConnection(new StringTransport());
        string excessive = string.Join("\r\n", new string('x', 14), new string('x', 14));
        catcher.DataReceived(B(excessive));
        Assert.Equal(new[] { excessive }, catcher.LongLines);

        var second = new Catcher { MaxLength = 6 };
        second.MakeConnection(new StringTransport());
        string multiple = string.Concat(Enumerable.Repeat(new string('x', 14) + "\r\n", 2));
        second.DataReceived(B(multiple));
        Assert.Equal(new[] { multiple }, second.LongLines);
    }

    private sealed class Quitter : LineReceiver
    {
        public List<string> Lines { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Lines.Add(S(line));
            if (line.SequenceEqual("quit"u8))
            {
                Transport.LoseConnection();
            }
            else if (line.SequenceEqual("hold"u8))
            {
                StopProcessing();
            }
        }
    }

    [Fact]
    public void Lines_after_the_one_that_closed_the_connection_are_not_delivered()
    {
        var protocol = new Quitter();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.DataReceived(B("a\r\nquit\r\nb\r\nc\r\n"));
        Assert.Equal(new[] { "a", "quit" }, protocol.Lines);
    }

    [Fact]
    public void StopProcessing_keeps_the_rest_buffered_until_the_next_DataReceived()
    {
        var protocol = new Quitter();
        protocol.MakeConnection(new StringTransport());
        protocol.DataReceived(B("a\r\nhold\r\nb\r\nc"));
        Assert.Equal(new[] { "a", "hold" }, protocol.Lines);
        protocol.DataReceived(B("\r\n"));
        Assert.Equal(new[] { "a", "hold", "b", "c" }, protocol.Lines);
    }

    private sealed class Reentrant : LineReceiver
    {
        public List<string> Lines { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Lines.Add(S(line));
            if (line.SequenceEqual("feed"u8))
            {
                // Re-entrant: only buffered; the running loop delivers it after the lines already received.
                DataReceived(B("fed\r\n"));
                Lines.Add("after-feed");
            }
        }
    }

    [Fact]
    public void DataReceived_from_inside_LineReceived_only_buffers()
    {
        var protocol = new Reentrant();
        protocol.MakeConnection(new StringTransport());
        protocol.DataReceived(B("feed\r\nnext\r\n"));
        Assert.Equal(new[] { "feed", "after-feed", "next", "fed" }, protocol.Lines);
    }

    [Fact]
    public void Reentrant_data_that_grows_the_buffer_keeps_the_line_being_delivered_intact()
    {
        var protocol = new GrowingReentrant();
        protocol.MakeConnection(new StringTransport());
        protocol.DataReceived(B("first line\r\n"));
        Assert.Equal("first line", protocol.SeenAfterGrowth);
        Assert.Equal(2, protocol.Count);
    }

    private sealed class GrowingReentrant : LineReceiver
    {
        public string SeenAfterGrowth = "";
        public int Count;

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Count++;
            if (Count == 1)
            {
                DataReceived(B(new string('y', 10_000) + "\r\n"));
                SeenAfterGrowth = S(line);
            }
        }
    }

    [Fact]
    public void SendLine_writes_the_line_and_the_delimiter()
    {
        var protocol = new Plain();
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.SendLine("héllo");
        protocol.SendLine(B(new string('z', 1000)));
        Assert.Equal("héllo\r\n" + new string('z', 1000) + "\r\n", transport.ValueAsString());
    }

    [Fact]
    public void RawDataReceived_not_overridden_throws_a_clear_error()
    {
        var protocol = new Plain();
        protocol.MakeConnection(new StringTransport());
        protocol.SetRawMode();
        var error = Assert.Throws<InvalidOperationException>(() => protocol.DataReceived(B("x")));
        Assert.Contains("RawDataReceived", error.Message);
    }

    [Fact]
    public void An_empty_delimiter_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Plain { Delimiter = ReadOnlyMemory<byte>.Empty });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Plain { MaxLength = -1 });
    }

    private sealed class OnlyTester : LineOnlyReceiver
    {
        public List<string> Received { get; } = new();

        public int Exceeded;

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            Exceeded++;
            base.LineLengthExceeded(line);
        }

        public OnlyTester()
        {
            Delimiter = B("\n");
            MaxLength = 64;
        }

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Received.Add(S(line));
            if (line.SequenceEqual("quit"u8))
            {
                Transport.LoseConnection();
            }
        }
    }

    [Fact]
    public void LineOnlyReceiver_byte_by_byte_gives_every_line()
    {
        const string text = "I'm a test\nWhat?\nbleakness\ndesolation\nplastic forks\n";
        var tester = new OnlyTester();
        tester.MakeConnection(new StringTransport());
        FeedInPackets(tester, text, 1);
        Assert.Equal(text.Split('\n')[..^1], tester.Received);
    }

    [Fact]
    public void LineOnlyReceiver_closes_the_connection_on_a_line_longer_than_MaxLength()
    {
        var tester = new OnlyTester();
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.DataReceived(B(new string('x', 64 + 1 + 1) + "\r\nr"));
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void LineOnlyReceiver_drops_the_lines_after_the_one_that_closed_the_connection()
    {
        var tester = new OnlyTester();
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.DataReceived(B("a\nquit\nb\nc"));
        Assert.Equal(new[] { "a", "quit" }, tester.Received);
    }

    [Fact]
    public void LineOnlyReceiver_accepts_a_MaxLength_line_whose_delimiter_arrives_in_the_next_read()
    {
        var tester = new OnlyTester { Delimiter = B("\r\n") };
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.DataReceived(B(new string('x', 64) + "\r"));
        tester.DataReceived(B("\n"));
        Assert.False(transport.Disconnecting);
        Assert.Equal(new string('x', 64), Assert.Single(tester.Received));
        tester.DataReceived(B(new string('x', 66)));
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void LineOnlyReceiver_does_not_report_a_long_tail_after_the_line_that_closed_the_connection()
    {
        // Twisted would call lineLengthExceeded here but not if another line followed "quit" in the
        // same read; Torsion never does once the transport is disconnecting.
        var tester = new OnlyTester();
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.DataReceived(B("a\nquit\n" + new string('x', 100)));
        Assert.Equal(new[] { "a", "quit" }, tester.Received);
        Assert.True(transport.Disconnecting);
        Assert.DoesNotContain("x", string.Concat(tester.Received));
        Assert.Equal(0, tester.Exceeded);
    }

    [Fact]
    public void LineOnlyReceiver_SendLine_writes_line_and_delimiter()
    {
        var tester = new OnlyTester();
        var transport = new StringTransport();
        tester.MakeConnection(transport);
        tester.SendLine("hi");
        Assert.Equal("hi\n", transport.ValueAsString());
    }
}
