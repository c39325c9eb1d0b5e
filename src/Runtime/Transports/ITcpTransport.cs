namespace Torsion;

/// <summary>
/// A TCP connection's transport (Twisted's <c>ITCPTransport</c>): everything an
/// <see cref="ITransport"/> does, plus aborting, half-closing and socket options.
/// </summary>
public interface ITcpTransport : ITransport
{
    /// <summary>
    /// Closes the connection at once, dropping whatever is still buffered. The protocol gets
    /// <c>ConnectionLost</c> with a <see cref="ConnectionAbortedException"/> on a later reactor
    /// iteration, never from inside this call.
    /// </summary>
    void AbortConnection();

    /// <summary>
    /// Closes the writing side once the buffer has been sent (a TCP FIN), keeping the reading side
    /// open. A protocol that implements <see cref="IHalfCloseableProtocol"/> then gets
    /// <see cref="IHalfCloseableProtocol.WriteConnectionLost"/>. For any other protocol the connection
    /// keeps reading until the peer closes too, then gets <c>ConnectionLost</c> with a
    /// <see cref="ConnectionDoneException"/>, as in Twisted. Writes after this call are dropped.
    /// </summary>
    void LoseWriteConnection();

    /// <summary>Turns Nagle's algorithm off (<paramref name="enabled"/> true) or back on.</summary>
    void SetTcpNoDelay(bool enabled);

    /// <summary>Whether Nagle's algorithm is off.</summary>
    bool GetTcpNoDelay();

    /// <summary>Turns TCP keep-alive probes on or off.</summary>
    void SetTcpKeepAlive(bool enabled);

    /// <summary>Whether TCP keep-alive probes are on.</summary>
    bool GetTcpKeepAlive();
}
