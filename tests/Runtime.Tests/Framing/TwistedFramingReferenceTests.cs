using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Torsion.Protocols;
using Torsion.Testing;
using Torsion.Tests.Packaging;

namespace Torsion.Tests.Framing;

/// <summary>
/// Differential test against Twisted itself: Reference/framing-reference.jsonl holds random streams,
/// each fed in a random split to Twisted 22.4's LineReceiver, LineOnlyReceiver, NetstringReceiver and
/// Int8/16/32StringReceiver (by Reference/make_reference.py, run by hand), with the events Twisted
/// produced, including the exact bytes handed to lineLengthExceeded. Torsion's framers, fed the same
/// chunks, must produce the same events.
/// </summary>
public sealed class TwistedFramingReferenceTests
{
    private const int MaxLine = 12;

    private sealed record Case(string Framer, byte[] Stream, int[] Chunks, string[] Events, bool Disconnecting, bool TailRule);

    private static readonly Lazy<List<Case>> s_cases = new(Load);

    private static List<Case> Load()
    {
        string path = Path.Combine(RepositoryLayout.Root, "tests", "Runtime.Tests", "Framing", "Reference", "framing-reference.jsonl");
        var cases = new List<Case>();
        foreach (string line in File.ReadLines(path))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            cases.Add(new Case(
                root.GetProperty("framer").GetString()!,
                Convert.FromHexString(root.GetProperty("stream").GetString()!),
                root.GetProperty("chunks").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                root.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                root.GetProperty("disconnecting").GetBoolean(),
                root.TryGetProperty("tailRule", out JsonElement tail) && tail.GetBoolean()));
        }

        return cases;
    }

    public static IEnumerable<object[]> Framers() => new[] { "line", "lineonly", "netstring", "int8", "int16", "int32" }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Framers))]
    public void Torsion_produces_Twisteds_events_for_every_recorded_split(string framer)
    {
        List<Case> cases = s_cases.Value.Where(c => c.Framer == framer).ToList();
        Assert.True(cases.Count >= 100, $"expected at least 100 recorded {framer} cases, found {cases.Count}");
        int compared = 0;
        foreach (Case recorded in cases)
        {
            if (recorded.TailRule)
            {
                // Twisted's split-dependent tail rule, which Torsion deliberately does not copy (see LineOnlyReceiver).
                continue;
            }

            (IProtocol protocol, Func<List<string>> events) = Create(framer);
            var transport = new StringTransport();
            protocol.MakeConnection(transport);
            int position = 0;
            foreach (int size in recorded.Chunks)
            {
                if (transport.Disconnecting)
                {
                    break;
                }

                protocol.DataReceived(recorded.Stream.AsSpan(position, size));
                position += size;
            }

            Assert.True(
                recorded.Events.SequenceEqual(events()),
                $"{framer} stream {Convert.ToHexString(recorded.Stream)} split [{string.Join(",", recorded.Chunks)}]:\nTwisted: {string.Join(" ", recorded.Events)}\nTorsion: {string.Join(" ", events())}");
            Assert.Equal(recorded.Disconnecting, transport.Disconnecting);
            compared++;
        }

        Assert.True(compared >= cases.Count * 3 / 4, $"only {compared} of {cases.Count} cases were compared");
    }

    private static (IProtocol, Func<List<string>>) Create(string framer)
    {
        switch (framer)
        {
            case "line":
                var line = new LineRecorder();
                return (line, () => line.Events);
            case "lineonly":
                var only = new LineOnlyRecorder();
                return (only, () => only.Events);
            case "netstring":
                var net = new NetstringRecorder();
                return (net, () => net.BrokenPeer ? net.Events.Append("E").ToList() : net.Events);
            case "int8":
                var i8 = new Int8Recorder();
                return (i8, () => i8.Events);
            case "int16":
                var i16 = new Int16Recorder();
                return (i16, () => i16.Events);
            default:
                var i32 = new Int32Recorder();
                return (i32, () => i32.Events);
        }
    }

    private static string Hex(ReadOnlySpan<byte> data) => Convert.ToHexString(data);

    private sealed class LineRecorder : LineReceiver
    {
        private readonly MemoryStream _raw = new();
        private int _rawLeft;

        public LineRecorder() => MaxLength = MaxLine;

        public List<string> Events { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Events.Add("L:" + Hex(line));
            string text = Encoding.Latin1.GetString(line);
            if (text == "QUIT")
            {
                Transport.LoseConnection();
            }
            else if (text.StartsWith("RAW ", StringComparison.Ordinal) && text.Length > 4 && text.Skip(4).All(char.IsAsciiDigit))
            {
                _rawLeft = int.Parse(text.AsSpan(4));
                if (_rawLeft > 0)
                {
                    SetRawMode();
                }
                else
                {
                    Events.Add("R:");
                }
            }
        }

        protected override void RawDataReceived(ReadOnlySpan<byte> data)
        {
            int take = Math.Min(_rawLeft, data.Length);
            _raw.Write(data.Slice(0, take));
            _rawLeft -= take;
            if (_rawLeft == 0)
            {
                Events.Add("R:" + Hex(_raw.ToArray()));
                _raw.SetLength(0);
                SetLineMode(data.Slice(take));
            }
        }

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            Events.Add("X:" + Hex(line));
            base.LineLengthExceeded(line);
        }
    }

    private sealed class LineOnlyRecorder : LineOnlyReceiver
    {
        public LineOnlyRecorder() => MaxLength = MaxLine;

        public List<string> Events { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Events.Add("L:" + Hex(line));
            if (line.SequenceEqual("QUIT"u8))
            {
                Transport.LoseConnection();
            }
        }

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            Events.Add("X:" + Hex(line));
            base.LineLengthExceeded(line);
        }
    }

    private sealed class NetstringRecorder : NetstringReceiver
    {
        public NetstringRecorder() => MaxLength = 30;

        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Hex(data));
    }

    private sealed class Int8Recorder : Int8StringReceiver
    {
        public Int8Recorder() => MaxLength = 40;

        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Hex(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class Int16Recorder : Int16StringReceiver
    {
        public Int16Recorder() => MaxLength = 40;

        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Hex(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class Int32Recorder : Int32StringReceiver
    {
        public Int32Recorder() => MaxLength = 40;

        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Hex(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }
}
