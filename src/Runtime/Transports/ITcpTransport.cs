namespace Torsion;

/// <summary>
/// A TCP connection's transport (Twisted's <c>ITCPTransport</c>): everything an
/// <see cref="ITransport"/> does, plus aborting, half-closing and socket options.
/// </summary>
public interface ITcpTransport : ITransport
{
    /// <summary>The default <see cref="WriteBufferLimit"/>: 64 MiB.</summary>
    public const long DefaultWriteBufferLimit = 64L * 1024 * 1024;

    /// <summary>
    /// How many unsent bytes may wait in the write buffer before the peer is judged not to be
    /// reading (<see cref="DefaultWriteBufferLimit"/> unless set). When a write finds more than this
    /// many bytes already waiting and no producer is registered, the connection is aborted and the
    /// protocol's <c>ConnectionLost</c> gets a <see cref="WriteBufferOverflowException"/>: a peer that
    /// never reads cannot make the process's memory grow without bound. A single write larger than the
    /// limit is still accepted when less than the limit is waiting, so the buffer holds at most the
    /// limit plus one write. With a producer registered, the producer is the throttle and the limit
    /// does not apply. Set <see cref="long.MaxValue"/> for Twisted's unbounded buffer.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value set is not positive.</exception>
    long WriteBufferLimit { get; set; }

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
