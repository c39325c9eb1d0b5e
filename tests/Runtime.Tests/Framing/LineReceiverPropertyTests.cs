using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>
/// Any split of one byte stream into chunks gives a LineReceiver (and a LineOnlyReceiver) the same
/// lines, raw data and errors as a plain whole-stream reference parse of Twisted's rules.
/// </summary>
public sealed class LineReceiverPropertyTests
{
    private const int Max = 12;

    /// <summary>
    /// Records lines; "RAW n" switches to raw mode for n bytes then back to line mode with the rest;
    /// "QUIT" closes the connection; a too-long line is recorded as "X".
    /// </summary>
    private sealed class Recorder : LineReceiver
    {
        private int _rawLeft;
        private readonly MemoryStream _raw = new();

        public List<string> Events { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            string text = Encoding.Latin1.GetString(line);
            Events.Add("L:" + Chunking.Show(line));
            if (text == "QUIT")
            {
                Transport.LoseConnection();
            }
            else if (text.StartsWith("RAW ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(4), out int n) && n >= 0)
            {
                _rawLeft = n;
                if (n > 0)
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
                Events.Add("R:" + Chunking.Show(_raw.ToArray()));
                _raw.SetLength(0);
                SetLineMode(data.Slice(take));
            }
        }

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            Events.Add("X");
            base.LineLengthExceeded(line);
        }
    }

    private sealed class OnlyRecorder : LineOnlyReceiver
    {
        public List<string> Events { get; } = new();

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Events.Add("L:" + Chunking.Show(line));
            if (line.SequenceEqual("QUIT"u8))
            {
                Transport.LoseConnection();
            }
        }

        protected override void LineLengthExceeded(ReadOnlySpan<byte> line)
        {
            Events.Add("X");
            base.LineLengthExceeded(line);
        }
    }

    /// <summary>Twisted's LineReceiver rules applied to the whole stream at once.</summary>
    private static List<string> ReferenceLineReceiver(byte[] stream, byte[] delimiter)
    {
        var events = new List<string>();
        int position = 0;
        while (position < stream.Length)
        {
            ReadOnlySpan<byte> rest = stream.AsSpan(position);
            int found = rest.IndexOf(delimiter);
            if (found < 0)
            {
                if (rest.Length >= Max + delimiter.Length)
                {
                    events.Add("X");
                }

                break;
            }

            if (found > Max)
            {
                events.Add("X");
                break;
            }

            ReadOnlySpan<byte> line = rest.Slice(0, found);
            position += found + delimiter.Length;
            events.Add("L:" + Chunking.Show(line));
            string text = Encoding.Latin1.GetString(line);
            if (text == "QUIT")
            {
                break;
            }

            if (text.StartsWith("RAW ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(4), out int n) && n >= 0)
            {
                if (stream.Length - position < n)
                {
                    break; // raw data never completes
                }

                events.Add("R:" + Chunking.Show(stream.AsSpan(position, n)));
                position += n;
            }
        }

        return events;
    }

    /// <summary>LineOnlyReceiver's rules on the whole stream (tail limit: see the class remarks of LineOnlyReceiver).</summary>
    private static List<string> ReferenceLineOnly(byte[] stream, byte[] delimiter)
    {
        var events = new List<string>();
        int position = 0;
        while (true)
        {
            ReadOnlySpan<byte> rest = stream.AsSpan(position);
            int found = rest.IndexOf(delimiter);
            if (found < 0)
            {
                if (rest.Length >= Max + delimiter.Length)
                {
                    events.Add("X");
                }

                break;
            }

            if (found > Max)
            {
                events.Add("X");
                break;
            }

            events.Add("L:" + Chunking.Show(rest.Slice(0, found)));
            position += found + delimiter.Length;
            if (rest.Slice(0, found).SequenceEqual("QUIT"u8))
            {
                break;
            }
        }

        return events;
    }

    private static byte[] MakeStream(Random random, bool withRaw)
    {
        var stream = new MemoryStream();
        int pieces = random.Next(1, 40);
        for (int i = 0; i < pieces; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    stream.Write(Chunking.Noise(random, random.Next(0, 30), "ab\r\n"));
                    break;
                case 1 when withRaw:
                    int n = random.Next(0, 20);
                    stream.Write(Encoding.ASCII.GetBytes($"RAW {n}\r\n"));
                    stream.Write(Chunking.Noise(random, n, "xy\r\n"));
                    break;
                case 2 when random.Next(6) == 0:
                    stream.Write("QUIT\r\n"u8);
                    break;
                case 3:
                    // Lines around the limit: Max - 1 .. Max + 2 bytes.
                    stream.Write(Chunking.Noise(random, Max - 1 + random.Next(4), "cd"));
                    stream.Write(random.Next(2) == 0 ? "\r\n"u8 : "\r"u8);
                    break;
                default:
                    stream.Write(Chunking.Noise(random, random.Next(0, Max), "efg"));
                    stream.Write("\r\n"u8);
                    break;
            }
        }

        if (random.Next(3) == 0)
        {
            // An unfinished tail around the limit (Max - 1 .. Max + 3 bytes).
            stream.Write(Chunking.Noise(random, Max - 1 + random.Next(5), "cd\r"));
        }

        return stream.ToArray();
    }

    public static IEnumerable<object[]> Seeds() => Chunking.Seeds(300);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LineReceiver_any_split_gives_the_reference_events(int seed)
    {
        var random = new Random(seed);
        byte[] stream = MakeStream(random, withRaw: true);
        List<string> expected = ReferenceLineReceiver(stream, "\r\n"u8.ToArray());

        var whole = new Recorder { MaxLength = Max };
        var wholeTransport = new StringTransport();
        whole.MakeConnection(wholeTransport);
        Chunking.FeedWhole(whole, wholeTransport, stream);
        Assert.Equal(expected, whole.Events);

        for (int split = 0; split < 5; split++)
        {
            var chunked = new Recorder { MaxLength = Max };
            var transport = new StringTransport();
            chunked.MakeConnection(transport);
            Chunking.Feed(chunked, transport, stream, random, 1 + random.Next(40));
            Assert.Equal(expected, chunked.Events);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LineOnlyReceiver_any_split_gives_the_reference_events(int seed)
    {
        var random = new Random(seed);
        byte[] stream = MakeStream(random, withRaw: false);
        List<string> expected = ReferenceLineOnly(stream, "\r\n"u8.ToArray());
        for (int split = 0; split < 6; split++)
        {
            var chunked = new OnlyRecorder { MaxLength = Max };
            var transport = new StringTransport();
            chunked.MakeConnection(transport);
            if (split == 0)
            {
                Chunking.FeedWhole(chunked, transport, stream);
            }
            else
            {
                Chunking.Feed(chunked, transport, stream, random, 1 + random.Next(40));
            }

            Assert.Equal(expected, chunked.Events);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LineReceiver_with_a_long_custom_delimiter_any_split_gives_the_reference_lines(int seed)
    {
        var random = new Random(seed);
        byte[] delimiter = "<END>"u8.ToArray();
        var stream = new MemoryStream();
        for (int i = 0; i < 200; i++)
        {
            stream.Write(Chunking.Noise(random, random.Next(0, Max + 3), "<END>ab"));
            stream.Write(delimiter);
        }

        byte[] bytes = stream.ToArray();
        List<string> expected = ReferenceLineReceiver(bytes, delimiter);
        for (int split = 0; split < 20; split++)
        {
            var chunked = new Recorder { MaxLength = Max, Delimiter = delimiter };
            var transport = new StringTransport();
            chunked.MakeConnection(transport);
            Chunking.Feed(chunked, transport, bytes, random, 1 + random.Next(12));
            Assert.Equal(expected, chunked.Events);
        }
    }
}
