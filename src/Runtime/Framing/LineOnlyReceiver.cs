using System;

namespace Torsion.Protocols;

/// <summary>
/// A simpler, faster line protocol with no raw mode (Twisted's <c>LineOnlyReceiver</c>).
/// Override <see cref="LineReceived"/>.
/// </summary>
/// <remarks>
/// <para>
/// Twisted's rules, kept exactly: each <see cref="DataReceived"/> call splits everything buffered on
/// <see cref="Delimiter"/>; a line longer than <see cref="MaxLength"/> goes to
/// <see cref="LineLengthExceeded"/> and the complete lines after it in the same chunk are dropped;
/// once the transport is <see cref="ITransport.Disconnecting"/> the remaining complete lines are
/// dropped; and an unfinished tail that can no longer become a valid line goes to
/// <see cref="LineLengthExceeded"/> (it stays buffered, as in Twisted).
/// </para>
/// <para>
/// Deliberate difference: Twisted reports an unfinished tail as soon as it is longer than
/// <see cref="MaxLength"/>, so <c>MaxLength</c> bytes followed by a CR in one read and the LF
/// in the next is an error, while the same bytes in one read are a valid line. Torsion
/// reports the tail once it has <see cref="MaxLength"/> + delimiter-length bytes (the rule
/// <see cref="LineReceiver"/> uses), and not at all once the transport is disconnecting (Twisted checks
/// the tail after the last line of a read even when that line closed the connection, but not when
/// another line follows it in the same read), so every split of a stream gives the same lines and errors.
/// </para>
/// <para>
/// Lines are spans into a pooled buffer, valid only during the call. One deliberate difference: a
/// <see cref="DataReceived"/> call made from inside <see cref="LineReceived"/> only buffers, and its
/// lines come after the ones already received (Twisted would parse it at once, out of order).
/// </para>
/// </remarks>
public abstract class LineOnlyReceiver : Protocol
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly FramingBuffer _buffer = new();
    private byte[] _delimiter = CrLf;
    private int _maxLength = 16384;
    private int _searched;
    private bool _busy;

    /// <summary>The bytes that end a line; <c>"\r\n"</c> unless set.</summary>
    /// <exception cref="ArgumentException">The value set is empty.</exception>
    public ReadOnlyMemory<byte> Delimiter
    {
        get => _delimiter;
        set
        {
            if (value.IsEmpty)
            {
                throw new ArgumentException("A line delimiter cannot be empty.", nameof(value));
            }

            _delimiter = value.ToArray();
            _searched = 0;
        }
    }

    /// <summary>The longest line accepted, in bytes, without its delimiter; 16384 unless set.</summary>
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

    /// <summary>Buffers <paramref name="data"/> and delivers every complete line. Called by the transport.</summary>
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
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.Span;
            byte[] delimiter = _delimiter;
            int from = _searched;
            int found = pending.Slice(from).IndexOf(delimiter);
            if (found < 0)
            {
                _searched = Math.Max(0, pending.Length - delimiter.Length + 1);
                break;
            }

            int lineLength = from + found;
            if ((TransportOrNull?.Disconnecting ?? false) || lineLength > _maxLength)
            {
                bool exceeded = !(TransportOrNull?.Disconnecting ?? false);
                // Drop every complete line of this chunk: keep only the tail after the last delimiter.
                int last = pending.LastIndexOf(delimiter);
                _buffer.Consume(last + delimiter.Length);
                _searched = 0;
                if (exceeded)
                {
                    LineLengthExceeded(pending.Slice(0, lineLength));
                }

                return;
            }

            _searched = 0;
            _buffer.Consume(lineLength + delimiter.Length);
            LineReceived(pending.Slice(0, lineLength));
        }

        if (_buffer.Count >= (long)_maxLength + _delimiter.Length && !(TransportOrNull?.Disconnecting ?? false))
        {
            LineLengthExceeded(_buffer.Span);
        }
    }

    /// <summary>Called with each complete line, without its delimiter; the span is valid only during the call.</summary>
    protected abstract void LineReceived(ReadOnlySpan<byte> line);

    /// <summary>
    /// Called with a line longer than <see cref="MaxLength"/>, or with the unfinished tail when it is
    /// longer than <see cref="MaxLength"/>. The default closes the connection.
    /// </summary>
    protected virtual void LineLengthExceeded(ReadOnlySpan<byte> line) => TransportOrNull?.LoseConnection();

    /// <summary>Writes <paramref name="line"/> followed by <see cref="Delimiter"/>, in one write.</summary>
    /// <exception cref="InvalidOperationException">The protocol is not connected.</exception>
    public void SendLine(ReadOnlySpan<byte> line) => FramedWriter.Write(Transport, line, _delimiter);

    /// <summary>Writes <paramref name="line"/> encoded as UTF-8, followed by <see cref="Delimiter"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The protocol is not connected.</exception>
    public void SendLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        FramedWriter.WriteUtf8(Transport, line, _delimiter);
    }
}
