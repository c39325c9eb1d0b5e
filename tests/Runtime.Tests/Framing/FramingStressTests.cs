using System;
using System.Buffers.Binary;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>
/// The framers at ten times their default limits: huge lines and strings trickled in small reads arrive
/// intact (the line search resumes where it stopped, so trickling is not quadratic).
/// </summary>
public sealed class FramingStressTests
{
    private sealed class Lines : LineReceiver
    {
        public int Count;
        public bool AllIntact = true;

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Count++;
            AllIntact &= line.Length == MaxLength && line.IndexOfAnyExcept((byte)('a' + (Count % 26))) < 0;
        }
    }

    private sealed class Strings : Int32StringReceiver
    {
        public int Count;
        public bool AllIntact = true;

        protected override void StringReceived(ReadOnlySpan<byte> data)
        {
            Count++;
            AllIntact &= data.Length == MaxLength && data.IndexOfAnyExcept((byte)Count) < 0;
        }
    }

    private sealed class Netstrings : NetstringReceiver
    {
        public int Count;
        public bool AllIntact = true;

        protected override void StringReceived(ReadOnlySpan<byte> data)
        {
            Count++;
            AllIntact &= data.Length == MaxLength && data.IndexOfAnyExcept((byte)'z') < 0;
        }
    }

    [Fact]
    public void Ten_lines_of_ten_times_the_default_limit_trickled_in_1000_byte_reads_arrive_intact()
    {
        const int size = 16384 * 10;
        var protocol = new Lines { MaxLength = size };
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        for (int line = 1; line <= 10; line++)
        {
            byte[] bytes = new byte[size + 2];
            bytes.AsSpan(0, size).Fill((byte)('a' + (line % 26)));
            bytes[size] = (byte)'\r';
            bytes[size + 1] = (byte)'\n';
            for (int i = 0; i < bytes.Length; i += 1000)
            {
                protocol.DataReceived(bytes.AsSpan(i, Math.Min(1000, bytes.Length - i)));
            }
        }

        Assert.Equal(10, protocol.Count);
        Assert.True(protocol.AllIntact);
        Assert.False(transport.Disconnecting);
    }

    [Fact]
    public void Ten_Int32_strings_and_netstrings_of_ten_times_the_default_limit_arrive_intact()
    {
        const int size = 99999 * 10;
        var strings = new Strings { MaxLength = size };
        strings.MakeConnection(new StringTransport());
        for (int s = 1; s <= 10; s++)
        {
            byte[] frame = new byte[4 + size];
            BinaryPrimitives.WriteInt32BigEndian(frame, size);
            frame.AsSpan(4).Fill((byte)s);
            for (int i = 0; i < frame.Length; i += 4096)
            {
                strings.DataReceived(frame.AsSpan(i, Math.Min(4096, frame.Length - i)));
            }
        }

        Assert.Equal(10, strings.Count);
        Assert.True(strings.AllIntact);

        var net = new Netstrings { MaxLength = size };
        var wire = new StringTransport();
        net.MakeConnection(wire);
        byte[] payload = new byte[size];
        payload.AsSpan().Fill((byte)'z');
        for (int s = 0; s < 10; s++)
        {
            net.SendString(payload);
        }

        byte[] all = wire.Value();
        var receiver = new Netstrings { MaxLength = size };
        receiver.MakeConnection(new StringTransport());
        for (int i = 0; i < all.Length; i += 4096)
        {
            receiver.DataReceived(all.AsSpan(i, Math.Min(4096, all.Length - i)));
        }

        Assert.Equal(10, receiver.Count);
        Assert.True(receiver.AllIntact);
    }
}
