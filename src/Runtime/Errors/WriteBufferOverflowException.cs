namespace Torsion;

/// <summary>
/// The connection was aborted because the peer was not reading: a write found more bytes already
/// waiting to be sent than the transport's <see cref="ITcpTransport.WriteBufferLimit"/>, and no
/// producer was registered to throttle the writes. A kind of <see cref="ConnectionLostException"/>,
/// delivered to the protocol's <c>ConnectionLost</c>. Twisted has no such limit (its buffer grows
/// without bound); register a producer to keep writing to slow peers without it.
/// </summary>
public class WriteBufferOverflowException : ConnectionLostException
{
    /// <summary>Creates the exception for <paramref name="buffered"/> bytes waiting over a limit of <paramref name="limit"/>.</summary>
    public WriteBufferOverflowException(long buffered, long limit)
        : base($"The peer did not read: {buffered} bytes were waiting to be sent, over the write buffer limit of {limit} bytes (ITcpTransport.WriteBufferLimit). Register a producer to throttle writes to slow peers.")
    {
        Buffered = buffered;
        Limit = limit;
    }

    /// <summary>How many bytes were waiting to be sent when the connection was aborted.</summary>
    public long Buffered { get; }

    /// <summary>The limit in force.</summary>
    public long Limit { get; }
}
