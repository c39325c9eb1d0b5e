using System;
using System.Buffers;

namespace Torsion.Transports.Tcp;

/// <summary>
/// The bytes a TCP transport could not send yet: a queue of pooled 64 KiB segments (rented from
/// <see cref="ArrayPool{T}.Shared"/>, returned as soon as they are sent). Appending copies; nothing is
/// allocated once the ring of segments has grown to the connection's working size.
/// </summary>
internal sealed class WriteBuffer
{
    /// <summary>The size of one pooled segment.</summary>
    public const int SegmentSize = 64 * 1024;

    private Segment[] _ring = new Segment[4];
    private int _head;
    private int _count;

    private struct Segment
    {
        public byte[] Array;
        public int Start;
        public int End;
    }

    /// <summary>How many bytes are waiting to be sent.</summary>
    public long Length { get; private set; }

    /// <summary>True when nothing waits to be sent.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Copies <paramref name="data"/> to the end of the queue.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (_count > 0)
        {
            ref var tail = ref _ring[(_head + _count - 1) % _ring.Length];
            int room = tail.Array.Length - tail.End;
            if (room > 0)
            {
                int n = Math.Min(room, data.Length);
                data[..n].CopyTo(tail.Array.AsSpan(tail.End));
                tail.End += n;
                data = data[n..];
            }
        }

        while (!data.IsEmpty)
        {
            if (_count == _ring.Length)
            {
                Grow();
            }

            byte[] array = ArrayPool<byte>.Shared.Rent(SegmentSize);
            int n = Math.Min(array.Length, data.Length);
            data[..n].CopyTo(array);
            _ring[(_head + _count) % _ring.Length] = new Segment { Array = array, Start = 0, End = n };
            _count++;
            data = data[n..];
        }
    }

    /// <summary>The first unsent bytes (one segment); empty when nothing waits.</summary>
    public ArraySegment<byte> Head
    {
        get
        {
            if (_count == 0)
            {
                return ArraySegment<byte>.Empty;
            }

            ref var head = ref _ring[_head];
            return new ArraySegment<byte>(head.Array, head.Start, head.End - head.Start);
        }
    }

    /// <summary>Adds the first unsent segments (at most <paramref name="max"/>) to <paramref name="segments"/>, for a gathering send.</summary>
    public void CopySegments(System.Collections.Generic.List<ArraySegment<byte>> segments, int max)
    {
        for (int i = 0; i < _count && i < max; i++)
        {
            ref var segment = ref _ring[(_head + i) % _ring.Length];
            segments.Add(new ArraySegment<byte>(segment.Array, segment.Start, segment.End - segment.Start));
        }
    }

    /// <summary>How many segments hold unsent bytes.</summary>
    public int SegmentCount => _count;

    /// <summary>Forgets the first <paramref name="sent"/> bytes after they were sent (they may span several segments).</summary>
    public void Consume(long sent)
    {
        while (sent > 0 && _count > 0)
        {
            ref var head = ref _ring[_head];
            int take = (int)Math.Min(sent, head.End - head.Start);
            head.Start += take;
            Length -= take;
            sent -= take;
            if (head.Start >= head.End)
            {
                ArrayPool<byte>.Shared.Return(head.Array);
                head = default;
                _head = (_head + 1) % _ring.Length;
                _count--;
                if (_count == 0)
                {
                    _head = 0;
                }
            }
        }
    }

    /// <summary>Drops every unsent byte and returns the segments to the pool.</summary>
    public void Clear()
    {
        for (int i = 0; i < _count; i++)
        {
            ref var segment = ref _ring[(_head + i) % _ring.Length];
            ArrayPool<byte>.Shared.Return(segment.Array);
            segment = default;
        }

        _head = 0;
        _count = 0;
        Length = 0;
    }

    private void Grow()
    {
        var bigger = new Segment[_ring.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = bigger;
        _head = 0;
    }
}
