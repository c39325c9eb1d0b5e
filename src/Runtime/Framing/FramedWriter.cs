using System;
using System.Buffers;
using System.Text;

namespace Torsion.Protocols;

/// <summary>
/// Writes a framed message (prefix, payload, suffix) to a transport in one <see cref="IConsumer.Write"/>
/// call, building it on the stack when small and in a pooled array otherwise: no allocation.
/// </summary>
internal static class FramedWriter
{
    private const int StackLimit = 512;

    /// <summary>Writes <paramref name="payload"/> then <paramref name="suffix"/>.</summary>
    public static void Write(ITransport transport, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> suffix)
        => Write(transport, ReadOnlySpan<byte>.Empty, payload, suffix);

    /// <summary>Writes <paramref name="prefix"/>, <paramref name="payload"/> and <paramref name="suffix"/>.</summary>
    public static void Write(ITransport transport, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> suffix)
    {
        long total = (long)prefix.Length + payload.Length + suffix.Length;
        if (total > Array.MaxLength)
        {
            transport.Write(prefix);
            transport.Write(payload);
            transport.Write(suffix);
            return;
        }

        int length = (int)total;
        byte[]? rented = null;
        Span<byte> frame = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            prefix.CopyTo(frame);
            payload.CopyTo(frame.Slice(prefix.Length));
            suffix.CopyTo(frame.Slice(prefix.Length + payload.Length));
            transport.Write(frame.Slice(0, length));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 then <paramref name="suffix"/>.</summary>
    public static void WriteUtf8(ITransport transport, string text, ReadOnlySpan<byte> suffix)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> encoded = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int count = Encoding.UTF8.GetBytes(text, encoded);
            Write(transport, encoded.Slice(0, count), suffix);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
