using System;

namespace Torsion;

/// <summary>
/// The code that handles one connection (Twisted's <c>IProtocol</c>). A transport calls these
/// methods on the reactor thread: <see cref="MakeConnection"/> once, then <see cref="DataReceived"/>
/// any number of times, then <see cref="ConnectionLost"/> once. Derive from <see cref="Protocol"/>
/// rather than implementing this directly.
/// </summary>
public interface IProtocol
{
    /// <summary>Connects the protocol to <paramref name="transport"/> and calls <see cref="ConnectionMade"/>.</summary>
    void MakeConnection(ITransport transport);

    /// <summary>Called once the connection is made; the transport can be written to from here on.</summary>
    void ConnectionMade();

    /// <summary>
    /// Called with bytes from the peer. TCP has no message boundaries: the bytes may be any split of
    /// what the peer sent. <paramref name="data"/> is valid only during the call (it points into a
    /// reused buffer), which the compiler enforces: copy what you must keep.
    /// </summary>
    void DataReceived(ReadOnlySpan<byte> data);

    /// <summary>
    /// Called once when the connection has ended, with a <see cref="ConnectionDoneException"/> for a
    /// clean close, a <see cref="ConnectionAbortedException"/> after <see cref="ITcpTransport.AbortConnection"/>,
    /// or a <see cref="ConnectionLostException"/> (or other error) otherwise.
    /// </summary>
    void ConnectionLost(Failure reason);
}
