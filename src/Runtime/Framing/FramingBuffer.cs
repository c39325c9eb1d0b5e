using System;
using System.Buffers;
using System.Collections.Generic;

namespace Torsion.Protocols;

/// <summary>
/// The receive buffer of a framing protocol: bytes not yet parsed, kept in an array rented from
/// <see cref="ArrayPool{T}.Shared"/> and handed back when the buffer is empty, so a connection that
/// receives whole messages allocates nothing per message.
/// </summary>
/// <remarks>
/// While a delivery is in progress (<see cref="BeginDelivery"/> .. <see cref="EndDelivery"/>) the
/// protocol may hold a span into the array (a line or a string it is delivering). During that time
/// the buffer never moves bytes inside the array it has and never returns an array to the pool: an
/// append that does not fit goes to a new array, and the old one is returned at <see cref="EndDelivery"/>.
/// </remarks>
internal sealed class FramingBuffer
{
    private const int MinimumRent = 256;

    private byte[]? _array;
    private int _start;
    private int _end;
    private int _deliveries;
    private List<byte[]>? _retired;

    /// <summary>How many unparsed bytes there are.</summary>
    public int Count => _end - _start;

    /// <summary>The unparsed bytes; valid until the next call that changes the buffer, or until <see cref="EndDelivery"/>.</summary>
    public ReadOnlySpan<byte> Span => _array is null ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>(_array, _start, _end - _start);

    /// <summary>The unparsed byte at <paramref name="index"/> (from the first unparsed byte).</summary>
    public byte this[int index] => _array![_start + index];

    /// <summary>Adds <paramref name="data"/> after the unparsed bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int count = _end - _start;
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumRent, data.Length));
            _start = _end = 0;
        }
        else if (_array.Length - _end < data.Length)
        {
            if (_deliveries == 0 && count + data.Length <= _array.Length)
            {
                // Compact in place: nobody holds a span into the array now.
                _array.AsSpan(_start, count).CopyTo(_array);
            }
            else
            {
                long wanted = Math.Max((long)_array.Length * 2, (long)count + data.Length);
                if (wanted > Array.MaxLength)
                {
                    wanted = (long)count + data.Length;
                }

                byte[] larger = ArrayPool<byte>.Shared.Rent((int)wanted);
                _array.AsSpan(_start, count).CopyTo(larger);
                Retire(_array);
                _array = larger;
            }

            _start = 0;
            _end = count;
        }

        data.CopyTo(_array.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> unparsed bytes.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end && _deliveries == 0)
        {
            ReturnArray();
        }
    }

    /// <summary>Drops every unparsed byte.</summary>
    public void Clear() => Consume(_end - _start);

    /// <summary>Copies the unparsed bytes to a new array.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Marks the start of a delivery: spans handed out stay valid until the matching <see cref="EndDelivery"/>.</summary>
    public void BeginDelivery() => _deliveries++;

    /// <summary>Ends a delivery; the last one returns retired arrays, and the array itself when the buffer is empty.</summary>
    public void EndDelivery()
    {
        if (--_deliveries > 0)
        {
            return;
        }

        if (_retired is not null)
        {
            foreach (byte[] old in _retired)
            {
                ArrayPool<byte>.Shared.Return(old);
            }

            _retired.Clear();
        }

        if (_start == _end)
        {
            ReturnArray();
        }
    }

    private void Retire(byte[] array)
    {
        if (_deliveries == 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        else
        {
            (_retired ??= new List<byte[]>()).Add(array);
        }
    }

    private void ReturnArray()
    {
        if (_array is not null)
        {
            byte[] array = _array;
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }

        _start = _end = 0;
    }
}
