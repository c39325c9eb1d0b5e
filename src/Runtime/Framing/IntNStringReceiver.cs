using System;
using System.Buffers.Binary;

namespace Torsion.Protocols;

/// <summary>
/// The base of the length-prefixed string protocols (Twisted's <c>IntNStringReceiver</c>): each
/// string is sent after its length as a big-endian unsigned integer of <see cref="PrefixLength"/>
/// bytes. Derive from <see cref="Int32StringReceiver"/>, <see cref="Int16StringReceiver"/> or
/// <see cref="Int8StringReceiver"/> and override <see cref="StringReceived"/>.
/// </summary>
/// <remarks>
/// <para>
/// A length above <see cref="MaxLength"/> (99999 unless set) calls <see cref="LengthLimitExceeded"/>
/// (by default: close the connection) and the string is not delivered; the bytes stay buffered, so a
/// later <see cref="DataReceived"/> reports the same length again, as in Twisted. Strings keep being
/// delivered after the transport starts disconnecting, as in Twisted. The protocol is a push
/// producer: <see cref="PauseProducing"/> stops delivery (and the transport's reading) until
/// <see cref="ResumeProducing"/>, which delivers what was buffered meanwhile.
/// </para>
/// <para>
/// Strings are spans into a pooled buffer, valid only during the call. Deliberate differences from
/// Twisted: a <see cref="DataReceived"/> call from inside <see cref="StringReceived"/> only buffers
/// (its strings follow the ones already received); Twisted's legacy <c>recvd</c> attribute is not
/// offered (use <see cref="ClearBuffer"/>).
/// </para>
/// </remarks>
public abstract class IntNStringReceiver : Protocol, IPushProducer
{
    private readonly FramingBuffer _buffer = new();
    private int _maxLength = 99999;
    private bool _busy;

    private protected IntNStringReceiver()
    {
    }

    /// <summary>The size of the length prefix in bytes: 4, 2 or 1.</summary>
    public abstract int PrefixLength { get; }

    /// <summary>The longest string accepted, in bytes; 99999 unless set (Twisted's <c>MAX_LENGTH</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative.</exception>
    public int MaxLength
    {
        get => _maxLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxLength = value;
        }
    }

    /// <summary>True after <see cref="PauseProducing"/> or <see cref="StopProducing"/> until <see cref="ResumeProducing"/>.</summary>
    public bool Paused { get; private set; }

    /// <summary>Buffers <paramref name="data"/> and delivers every complete string, unless paused. Called by the transport.</summary>
    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        _buffer.Append(data);
        if (_busy)
        {
            return;
        }

        _busy = true;
        _buffer.BeginDelivery();
        try
        {
            int prefix = PrefixLength;
            while (_buffer.Count >= prefix && !Paused)
            {
                ReadOnlySpan<byte> pending = _buffer.Span;
                long length = prefix switch
                {
                    4 => BinaryPrimitives.ReadUInt32BigEndian(pending),
                    2 => BinaryPrimitives.ReadUInt16BigEndian(pending),
                    _ => pending[0],
                };
                if (length > _maxLength)
                {
                    LengthLimitExceeded(length);
                    return;
                }

                int end = prefix + (int)length;
                if (pending.Length < end)
                {
                    break;
                }

                _buffer.Consume(end);
                StringReceived(pending.Slice(prefix, (int)length));
            }
        }
        finally
        {
            _busy = false;
            _buffer.EndDelivery();
        }
    }

    /// <summary>Called with each complete string (without its prefix); the span is valid only during the call.</summary>
    protected abstract void StringReceived(ReadOnlySpan<byte> data);

    /// <summary>
    /// Called when a prefix announces <paramref name="length"/> bytes, more than <see cref="MaxLength"/>.
    /// The default closes the connection.
    /// </summary>
    protected virtual void LengthLimitExceeded(long length) => TransportOrNull?.LoseConnection();

    /// <summary>Returns the bytes buffered and not yet delivered, and empties the buffer.</summary>
    public byte[] ClearBuffer()
    {
        byte[] rest = _buffer.ToArray();
        _buffer.Clear();
        return rest;
    }

    /// <summary>Writes <paramref name="data"/> after its length prefix, in one write.</summary>
    /// <exception cref="StringTooLongException"><paramref name="data"/> has 2^(8 × <see cref="PrefixLength"/>) bytes or more.</exception>
    /// <exception cref="InvalidOperationException">The protocol is not connected.</exception>
    public void SendString(ReadOnlySpan<byte> data)
    {
        int prefix = PrefixLength;
        long limit = 1L << (8 * prefix);
        if (data.Length >= limit)
        {
            throw new StringTooLongException(data.Length, limit);
        }

        Span<byte> header = stackalloc byte[4];
        switch (prefix)
        {
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)data.Length);
                break;
            default:
                header[0] = (byte)data.Length;
                break;
        }

        FramedWriter.Write(Transport, header.Slice(0, prefix), data, ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Stops delivering strings and pauses the transport's reading.</summary>
    public void PauseProducing()
    {
        Paused = true;
        Transport.PauseProducing();
    }

    /// <summary>Resumes the transport's reading and delivers the strings buffered meanwhile.</summary>
    public void ResumeProducing()
    {
        Paused = false;
        Transport.ResumeProducing();
        DataReceived(ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Stops delivering strings for good and stops the transport.</summary>
    public void StopProducing()
    {
        Paused = true;
        Transport.StopProducing();
    }
}
