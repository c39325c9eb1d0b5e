using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>
/// Any split of one byte stream gives NetstringReceiver and the Int8/16/32 string receivers the same
/// strings and errors as a plain whole-stream reference parse.
/// </summary>
public sealed class StringReceiverPropertyTests
{
    private sealed class NetstringRecorder : NetstringReceiver
    {
        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Chunking.Show(data));
    }

    private sealed class Int32Recorder : Int32StringReceiver
    {
        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Chunking.Show(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class Int16Recorder : Int16StringReceiver
    {
        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Chunking.Show(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }

    private sealed class Int8Recorder : Int8StringReceiver
    {
        public List<string> Events { get; } = new();

        protected override void StringReceived(ReadOnlySpan<byte> data) => Events.Add("S:" + Chunking.Show(data));

        protected override void LengthLimitExceeded(long length)
        {
            Events.Add("X:" + length);
            base.LengthLimitExceeded(length);
        }
    }

    /// <summary>The netstring grammar on the whole stream; "E" marks the parse error.</summary>
    private static List<string> ReferenceNetstrings(byte[] stream, int max)
    {
        var events = new List<string>();
        int position = 0;
        while (position < stream.Length)
        {
            int digitsEnd = position;
            while (digitsEnd < stream.Length && stream[digitsEnd] >= '0' && stream[digitsEnd] <= '9')
            {
                digitsEnd++;
            }

            string digits = Encoding.ASCII.GetString(stream, position, digitsEnd - position);
            bool valid = digits.Length > 0 && (digits == "0" || digits[0] != '0') && digits.Length <= 10 && long.Parse(digits) <= max;
            if (!valid)
            {
                events.Add("E");
                break;
            }

            if (digitsEnd == stream.Length)
            {
                break;
            }

            if (stream[digitsEnd] != ':')
            {
                events.Add("E");
                break;
            }

            int length = int.Parse(digits);
            int start = digitsEnd + 1;
            if (stream.Length - start < length + 1)
            {
                break;
            }

            if (stream[start + length] != ',')
            {
                events.Add("E");
                break;
            }

            events.Add("S:" + Chunking.Show(stream.AsSpan(start, length)));
            position = start + length + 1;
        }

        return events;
    }

    private static List<string> ReferenceIntN(byte[] stream, int prefix, int max)
    {
        var events = new List<string>();
        int position = 0;
        while (stream.Length - position >= prefix)
        {
            long length = prefix switch
            {
                4 => BinaryPrimitives.ReadUInt32BigEndian(stream.AsSpan(position)),
                2 => BinaryPrimitives.ReadUInt16BigEndian(stream.AsSpan(position)),
                _ => stream[position],
            };
            if (length > max)
            {
                events.Add("X:" + length);
                break;
            }

            if (stream.Length - position - prefix < length)
            {
                break;
            }

            events.Add("S:" + Chunking.Show(stream.AsSpan(position + prefix, (int)length)));
            position += prefix + (int)length;
        }

        return events;
    }

    private static byte[] NetstringStream(Random random, int max)
    {
        var stream = new MemoryStream();
        int count = random.Next(1, 30);
        for (int i = 0; i < count; i++)
        {
            int kind = random.Next(30);
            int length = random.Next(0, max + 1);
            byte[] payload = Chunking.Noise(random, length, "ab,:0");
            if (kind == 0)
            {
                stream.Write(Encoding.ASCII.GetBytes("0" + length + ":")); // leading zero
            }
            else if (kind == 1)
            {
                stream.Write(Encoding.ASCII.GetBytes((max + 1 + random.Next(100000)) + ":")); // too long
            }
            else if (kind == 2)
            {
                stream.Write(Chunking.Noise(random, 3, "1x:")); // garbage
            }
            else
            {
                stream.Write(Encoding.ASCII.GetBytes(length + ":"));
            }

            stream.Write(payload);
            stream.WriteByte(kind == 3 ? (byte)';' : (byte)',');
        }

        return stream.ToArray();
    }

    private static byte[] IntNStream(Random random, int prefix, int max)
    {
        var stream = new MemoryStream();
        int count = random.Next(1, 30);
        for (int i = 0; i < count; i++)
        {
            long length = random.Next(25) == 0 ? Math.Min(max + 1 + random.Next(50), (1L << (8 * prefix)) - 1) : random.Next(0, Math.Min(max, 40) + 1);
            var header = new byte[prefix];
            switch (prefix)
            {
                case 4: BinaryPrimitives.WriteUInt32BigEndian(header, (uint)length); break;
                case 2: BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)length); break;
                default: header[0] = (byte)length; break;
            }

            stream.Write(header);
            stream.Write(Chunking.Noise(random, (int)Math.Min(length, 60), "\0\u0001ab"));
        }

        return stream.ToArray();
    }

    public static IEnumerable<object[]> Seeds() => Chunking.Seeds(300);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NetstringReceiver_any_split_gives_the_reference_strings_and_error(int seed)
    {
        var random = new Random(seed);
        int max = random.Next(2) == 0 ? 30 : 99999;
        byte[] stream = NetstringStream(random, Math.Min(max, 30));
        List<string> expected = ReferenceNetstrings(stream, max);
        for (int split = 0; split < 6; split++)
        {
            var receiver = new NetstringRecorder { MaxLength = max };
            var transport = new StringTransport();
            receiver.MakeConnection(transport);
            if (split == 0)
            {
                Chunking.FeedWhole(receiver, transport, stream);
            }
            else
            {
                Chunking.Feed(receiver, transport, stream, random, 1 + random.Next(30));
            }

            List<string> actual = new(receiver.Events);
            if (receiver.BrokenPeer)
            {
                actual.Add("E");
                Assert.True(transport.Disconnecting);
            }

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void IntNStringReceivers_any_split_gives_the_reference_strings_and_error(int seed)
    {
        var random = new Random(seed);
        foreach (int prefix in new[] { 1, 2, 4 })
        {
            int max = prefix == 1 ? 200 : 30;
            byte[] stream = IntNStream(random, prefix, max);
            List<string> expected = ReferenceIntN(stream, prefix, max);
            for (int split = 0; split < 5; split++)
            {
                IntNStringReceiver receiver = prefix switch
                {
                    4 => new Int32Recorder { MaxLength = max },
                    2 => new Int16Recorder { MaxLength = max },
                    _ => new Int8Recorder { MaxLength = max },
                };
                var transport = new StringTransport();
                receiver.MakeConnection(transport);
                if (split == 0)
                {
                    Chunking.FeedWhole(receiver, transport, stream);
                }
                else
                {
                    Chunking.Feed(receiver, transport, stream, random, 1 + random.Next(20));
                }

                List<string> actual = receiver switch
                {
                    Int32Recorder r => r.Events,
                    Int16Recorder r => r.Events,
                    Int8Recorder r => r.Events,
                    _ => throw new InvalidOperationException(),
                };
                Assert.Equal(expected, actual);
            }
        }
    }
}
