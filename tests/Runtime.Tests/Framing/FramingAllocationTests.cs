using System;
using System.IO;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>
/// Receiving messages allocates nothing per message once warm: lines and strings are spans into the
/// pooled receive buffer (measured with the current thread's allocation counter).
/// </summary>
public sealed class FramingAllocationTests
{
    private sealed class Lines : LineReceiver
    {
        public int Count;
        public long Bytes;

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Count++;
            Bytes += line.Length;
        }
    }

    private sealed class Netstrings : NetstringReceiver
    {
        public int Count;

        protected override void StringReceived(ReadOnlySpan<byte> data) => Count++;
    }

    private sealed class Int32s : Int32StringReceiver
    {
        public int Count;

        protected override void StringReceived(ReadOnlySpan<byte> data) => Count++;
    }

    private static byte[] Chunk(Action<StringTransport> write)
    {
        var transport = new StringTransport();
        write(transport);
        return transport.Value();
    }

    /// <summary>Feeds <paramref name="stream"/> in 1000-byte reads (so messages straddle reads) and returns the bytes allocated meanwhile.</summary>
    private static long Measure(IProtocol protocol, byte[] stream, int rounds)
    {
        for (int i = 0; i < stream.Length; i += 1000)
        {
            protocol.DataReceived(stream.AsSpan(i, Math.Min(1000, stream.Length - i)));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < stream.Length; i += 1000)
            {
                protocol.DataReceived(stream.AsSpan(i, Math.Min(1000, stream.Length - i)));
            }
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void LineReceiver_allocates_nothing_per_line()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            builder.Append("line number ").Append(i).Append("\r\n");
        }

        var protocol = new Lines();
        protocol.MakeConnection(new StringTransport());
        long allocated = Measure(protocol, Encoding.ASCII.GetBytes(builder.ToString()), 20);
        Assert.Equal(21_000, protocol.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void NetstringReceiver_and_Int32StringReceiver_allocate_nothing_per_string()
    {
        var net = new Netstrings();
        net.MakeConnection(new StringTransport());
        byte[] netStream = Chunk(t =>
        {
            var sender = new Netstrings();
            sender.MakeConnection(t);
            for (int i = 0; i < 1000; i++)
            {
                sender.SendString(new byte[i % 70]);
            }
        });
        Assert.Equal(0, Measure(net, netStream, 20));
        Assert.Equal(21_000, net.Count);

        var ints = new Int32s();
        ints.MakeConnection(new StringTransport());
        byte[] intStream = Chunk(t =>
        {
            var sender = new Int32s();
            sender.MakeConnection(t);
            for (int i = 0; i < 1000; i++)
            {
                sender.SendString(new byte[i % 70]);
            }
        });
        Assert.Equal(0, Measure(ints, intStream, 20));
        Assert.Equal(21_000, ints.Count);
    }

    [Fact]
    public void SendLine_and_SendString_allocate_nothing()
    {
        var sink = new CountingTransport();
        var lines = new Lines();
        lines.MakeConnection(sink);
        var net = new Netstrings();
        net.MakeConnection(sink);
        var ints = new Int32s();
        ints.MakeConnection(sink);
        byte[] small = new byte[100];
        byte[] large = new byte[5000];

        // Warm up (the first large frame rents the pool's array).
        lines.SendLine(small);
        lines.SendLine(large);
        net.SendString(small);
        ints.SendString(small);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            lines.SendLine(small);
            lines.SendLine(large);
            net.SendString(small);
            ints.SendString(small);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001 * (102 + 5002 + 105 + 104), sink.Written);
    }

    /// <summary>A transport that only counts what is written (so the measurement sees the protocol's allocations alone).</summary>
    private sealed class CountingTransport : ITransport
    {
        public long Written;

        public bool Disconnecting => false;

        public void Write(ReadOnlySpan<byte> data) => Written += data.Length;

        public void WriteSequence(params ReadOnlySpan<ReadOnlyMemory<byte>> data)
        {
            foreach (ReadOnlyMemory<byte> chunk in data)
            {
                Written += chunk.Length;
            }
        }

        public void LoseConnection()
        {
        }

        public IAddress GetPeer() => new IPv4Address("TCP", "127.0.0.1", 1);

        public IAddress GetHost() => new IPv4Address("TCP", "127.0.0.1", 2);

        public void RegisterProducer(IProducer producer, bool streaming)
        {
        }

        public void UnregisterProducer()
        {
        }

        public void PauseProducing()
        {
        }

        public void ResumeProducing()
        {
        }

        public void StopProducing()
        {
        }
    }
}
