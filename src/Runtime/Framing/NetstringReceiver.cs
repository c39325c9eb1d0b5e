using System;

namespace Torsion.Protocols;

/// <summary>
/// A protocol that sends and receives netstrings, <c>&lt;length&gt;:&lt;data&gt;,</c> (Twisted's
/// <c>NetstringReceiver</c>; the format is D. J. Bernstein's). Override <see cref="StringReceived"/>.
/// </summary>
/// <remarks>
/// <para>
/// The length is decimal ASCII, <c>0</c> or without leading zeros, at most <see cref="MaxLength"/>
/// (99999 unless set). Any parse error (a non-digit, a leading zero, a length above
/// <see cref="MaxLength"/>, a missing <c>,</c>) closes the connection with
/// <see cref="ITransport.LoseConnection"/> and sets <see cref="BrokenPeer"/>; nothing after the error is
/// delivered. Errors are found as early as Twisted finds them: a length prefix is checked digit by
/// digit as it arrives, the comma once the whole payload has arrived.
/// </para>
/// <para>
/// Strings are spans into a pooled buffer, valid only during the call. As in Twisted, strings keep
/// being delivered after the transport starts disconnecting. Deliberate differences: a
/// <see cref="DataReceived"/> call from inside <see cref="StringReceived"/> only buffers (its strings
/// follow the ones already received); and a length prefix followed by a line feed is an error at once
/// (Twisted's pattern lets a trailing <c>\n</c> pass until the next byte arrives).
/// </para>
/// </remarks>
public abstract class NetstringReceiver : Protocol
{
    private readonly FramingBuffer _buffer = new();
    private int _maxLength = 99999;
    private bool _readingPayload;
    private int _expected;
    private bool _busy;

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

    /// <summary>True once the peer sent something that is not a netstring (the connection is then being closed).</summary>
    public bool BrokenPeer { get; private set; }

    /// <summary>The reason of the last parse error, or null; for logs.</summary>
    public string? ParseError { get; private set; }

    /// <summary>Buffers <paramref name="data"/> and delivers every complete netstring. Called by the transport.</summary>
    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        if (BrokenPeer)
        {
            return;
        }

        _buffer.Append(data);
        if (_busy)
        {
            return;
        }

        _busy = true;
        _buffer.BeginDelivery();
        try
        {
            Process();
        }
        finally
        {
            _busy = false;
            _buffer.EndDelivery();
        }
    }

    private void Process()
    {
        while (_buffer.Count > 0 && !BrokenPeer)
        {
            ReadOnlySpan<byte> pending = _buffer.Span;
            if (!_readingPayload)
            {
                int digits = 0;
                while (digits < pending.Length && (uint)(pending[digits] - '0') <= 9)
                {
                    digits++;
                }

                if (digits == 0)
                {
                    Broken("The received netstring does not start with a length specification.");
                    return;
                }

                if (pending[0] == '0' && digits > 1)
                {
                    Broken("The received netstring does not start with a length specification (leading zero).");
                    return;
                }

                if (digits > DigitCount(_maxLength))
                {
                    Broken($"The received netstring is longer than the maximum {_maxLength} specified by MaxLength.");
                    return;
                }

                int length = 0;
                for (int i = 0; i < digits; i++)
                {
                    length = (length * 10) + (pending[i] - '0');
                }

                if (length > _maxLength)
                {
                    Broken($"The received netstring is longer than the maximum {_maxLength} specified by MaxLength.");
                    return;
                }

                if (digits == pending.Length)
                {
                    return; // the length so far is valid; wait for more
                }

                if (pending[digits] != ':')
                {
                    Broken("The received netstring does not start with a length specification.");
                    return;
                }

                _buffer.Consume(digits + 1);
                _expected = length + 1;
                _readingPayload = true;
                continue;
            }

            if (pending.Length < _expected)
            {
                return;
            }

            if (pending[_expected - 1] != ',')
            {
                Broken("The received netstring is not terminated by a comma.");
                return;
            }

            int payload = _expected - 1;
            _buffer.Consume(_expected);
            _readingPayload = false;
            StringReceived(pending.Slice(0, payload));
        }
    }

    private static int DigitCount(int value)
    {
        int count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }

    private void Broken(string reason)
    {
        ParseError = reason;
        BrokenPeer = true;
        _buffer.Clear();
        TransportOrNull?.LoseConnection();
    }

    /// <summary>Called with each complete string's payload (no framing); the span is valid only during the call.</summary>
    protected abstract void StringReceived(ReadOnlySpan<byte> data);

    /// <summary>Writes <paramref name="data"/> as one netstring, in one write.</summary>
    /// <exception cref="InvalidOperationException">The protocol is not connected.</exception>
    public void SendString(ReadOnlySpan<byte> data)
    {
        Span<byte> prefix = stackalloc byte[12];
        data.Length.TryFormat(prefix, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        prefix[written++] = (byte)':';
        FramedWriter.Write(Transport, prefix.Slice(0, written), data, ","u8);
    }
}
