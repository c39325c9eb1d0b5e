using System;
using System.Collections.Generic;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>Feeds a byte stream to a protocol in chunks, the way a real transport does.</summary>
internal static class Chunking
{
    /// <summary>
    /// Splits <paramref name="stream"/> at random points (sizes 0..maxChunk, sometimes 1) and feeds
    /// the chunks in order. Stops feeding once the transport is disconnecting, as a real transport
    /// stops reading after <c>LoseConnection</c>.
    /// </summary>
    public static void Feed(IProtocol protocol, StringTransport transport, byte[] stream, Random random, int maxChunk)
    {
        int position = 0;
        while (position < stream.Length && !transport.Disconnecting)
        {
            int size = random.Next(4) == 0 ? 1 : random.Next(0, maxChunk + 1);
            size = Math.Min(size, stream.Length - position);
            protocol.DataReceived(stream.AsSpan(position, size));
            position += size;
        }
    }

    /// <summary>Feeds the whole stream in one call.</summary>
    public static void FeedWhole(IProtocol protocol, StringTransport transport, byte[] stream)
    {
        protocol.DataReceived(stream);
    }

    public static string Show(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>Random bytes from a small alphabet that makes delimiters, digits and colons likely.</summary>
    public static byte[] Noise(Random random, int length, string alphabet)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }

    public static IEnumerable<object[]> Seeds(int count)
    {
        for (int seed = 1; seed <= count; seed++)
        {
            yield return new object[] { seed };
        }
    }
}
