using System;
using System.Buffers;
using System.Text;

namespace Torsion.Protocols;

/// <summary>
/// A protocol that receives lines ended by <see cref="Delimiter"/> (Twisted's
/// <c>twisted.protocols.basic.LineReceiver</c>), and can switch to raw mode and back.
/// Override <see cref="LineReceived"/> (and <see cref="RawDataReceived"/> if you use raw mode).
/// </summary>
/// <remarks>
/// <para>
/// Each line is handed to <see cref="LineReceived"/> without its delimiter, as a span into the
/// protocol's pooled receive buffer: it is valid only during the call (the compiler stops the
/// protocol from keeping it); copy what you must keep. Receiving complete lines allocates nothing.
/// </para>
/// <para>
/// Twisted's rules, kept exactly: a line longer than <see cref="MaxLength"/>, or
/// <see cref="MaxLength"/> + delimiter-length bytes with no delimiter, goes to
/// <see cref="LineLengthExceeded"/> together with everything buffered after it (and the buffer is
/// emptied); processing stops after a line once the transport is <see cref="ITransport.Disconnecting"/>;
/// a <see cref="DataReceived"/> call made while lines are being delivered (from
/// <see cref="LineReceived"/>, or through <see cref="SetLineMode"/>) only buffers, and the loop that
/// is already running handles the bytes, so mode switches never recurse.
/// </para>
/// <para>
/// Twisted stops processing when <c>lineReceived</c> returns a true value. In Torsion,
/// <see cref="LineReceived"/> returns nothing; call <see cref="StopProcessing"/> from it (or from
/// <see cref="RawDataReceived"/>) instead: the rest of the buffered bytes stay buffered and are
/// processed on the next <see cref="DataReceived"/> or <see cref="ResumeProducing"/>.
/// </para>
/// </remarks>
public abstract class LineReceiver : Protocol, IPushProducer
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly FramingBuffer _buffer = new();
    private byte[] _delimiter = CrLf;
    private int _maxLength = 16384;
    private int _searched;
    private bool _busy;
    private bool _stopRequested;

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

    /// <summary>The longest line accepted, in bytes, without its delimiter; 16384 unless set (Twisted's <c>MAX_LENGTH</c>).</summary>
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

    /// <summary>True in line mode (the default), false in raw mode (see <see cref="SetRawMode"/>).</summary>
    public bool LineMode { get; private set; } = true;

    /// <summary>True after <see cref="PauseProducing"/> or <see cref="StopProducing"/> until <see cref="ResumeProducing"/>: no line is delivered meanwhile.</summary>
    public bool Paused { get; private set; }

    /// <summary>
    /// Buffers <paramref name="data"/> and delivers every complete line (or, in raw mode, the data),
    /// unless the protocol is paused. Called by the transport; a call made while a line is being
    /// delivered only buffers.
    /// </summary>
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
            _stopRequested = false;
            _busy = false;
            _buffer.EndDelivery();
        }
    }

    private void Process()
    {
        while (_buffer.Count > 0 && !Paused)
        {
            if (LineMode)
            {
                ReadOnlySpan<byte> pending = _buffer.Span;
                byte[] delimiter = _delimiter;
                int from = _searched;
                int found = pending.Slice(from).IndexOf(delimiter);
                if (found < 0)
                {
                    if (pending.Length >= (long)_maxLength + delimiter.Length)
                    {
                        _searched = 0;
                        _buffer.Clear();
                        LineLengthExceeded(pending);
                        return;
                    }

                    _searched = Math.Max(0, pending.Length - delimiter.Length + 1);
                    return;
                }

                int lineLength = from + found;
                _searched = 0;
                if (lineLength > _maxLength)
                {
                    // Twisted hands over line + delimiter + the rest of the buffer: all of it.
                    _buffer.Clear();
                    LineLengthExceeded(pending);
                    return;
                }

                _buffer.Consume(lineLength + delimiter.Length);
                LineReceived(pending.Slice(0, lineLength));
                if (_stopRequested || (TransportOrNull?.Disconnecting ?? false))
                {
                    return;
                }
            }
            else
            {
                ReadOnlySpan<byte> raw = _buffer.Span;
                _searched = 0;
                _buffer.Clear();
                RawDataReceived(raw);
                if (_stopRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Called with each complete line, without its delimiter. The span is valid only during the call.
    /// </summary>
    /// <param name="line">The line's bytes.</param>
    protected abstract void LineReceived(ReadOnlySpan<byte> line);

    /// <summary>
    /// Called in raw mode with the data received (everything buffered, in one span). The span is
    /// valid only during the call.
    /// </summary>
    /// <exception cref="InvalidOperationException">Always, unless overridden: a protocol that calls <see cref="SetRawMode"/> must override this.</exception>
    protected virtual void RawDataReceived(ReadOnlySpan<byte> data)
        => throw new InvalidOperationException($"{GetType().Name} switched to raw mode but does not override RawDataReceived.");

    /// <summary>
    /// Called when a line is too long (see the class remarks) with everything that was buffered; the
    /// buffer is already empty. The default closes the connection (<see cref="ITransport.LoseConnection"/>).
    /// </summary>
    /// <param name="line">The too-long line and whatever followed it; valid only during the call.</param>
    protected virtual void LineLengthExceeded(ReadOnlySpan<byte> line) => TransportOrNull?.LoseConnection();

    /// <summary>
    /// Stops delivering lines (or raw data) for the rest of the current <see cref="DataReceived"/>
    /// call: Torsion's form of returning a true value from Twisted's <c>lineReceived</c>. The bytes
    /// not yet delivered stay buffered.
    /// </summary>
    protected void StopProcessing()
    {
        if (_busy)
        {
            _stopRequested = true;
        }
    }

    /// <summary>
    /// Switches to line mode and, when <paramref name="extra"/> is not empty, receives it as if it had
    /// just arrived (typically the rest of a raw chunk that belongs to the line protocol). Called from
    /// inside a delivery, it only buffers <paramref name="extra"/>: the running loop parses it next.
    /// </summary>
    public void SetLineMode(ReadOnlySpan<byte> extra = default)
    {
        LineMode = true;
        _searched = 0;
        if (!extra.IsEmpty)
        {
            DataReceived(extra);
        }
    }

    /// <summary>Switches to raw mode: from the next byte on, data goes to <see cref="RawDataReceived"/>.</summary>
    public void SetRawMode() => LineMode = false;

    /// <summary>Returns the bytes buffered and not yet delivered, and empties the buffer.</summary>
    public byte[] ClearLineBuffer()
    {
        byte[] rest = _buffer.ToArray();
        _buffer.Clear();
        _searched = 0;
        return rest;
    }

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

    /// <summary>Stops delivering lines and pauses the transport's reading (Twisted's <c>pauseProducing</c>).</summary>
    public void PauseProducing()
    {
        Paused = true;
        Transport.PauseProducing();
    }

    /// <summary>Resumes the transport's reading and delivers the lines buffered meanwhile.</summary>
    public void ResumeProducing()
    {
        Paused = false;
        Transport.ResumeProducing();
        DataReceived(ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Stops delivering lines for good and stops the transport (<see cref="IProducer.StopProducing"/>).</summary>
    public void StopProducing()
    {
        Paused = true;
        Transport.StopProducing();
    }
}
