namespace Torsion;

/// <summary>
/// A protocol that can use a connection whose one direction has closed (Twisted's
/// <c>IHalfCloseableProtocol</c>). Implementing it changes what the transport does: the peer's FIN
/// calls <see cref="ReadConnectionLost"/> instead of closing the connection, and
/// <see cref="ITcpTransport.LoseWriteConnection"/> calls <see cref="WriteConnectionLost"/>.
/// <see cref="IProtocol.ConnectionLost"/> is still called once, when both directions are closed.
/// </summary>
public interface IHalfCloseableProtocol
{
    /// <summary>The peer will send no more data (it half-closed); writing still works.</summary>
    void ReadConnectionLost();

    /// <summary>This side's writing direction has closed after <see cref="ITcpTransport.LoseWriteConnection"/>.</summary>
    void WriteConnectionLost();
}
