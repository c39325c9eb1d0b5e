using System;

namespace Torsion;

/// <summary>
/// The base class of connection protocols (Twisted's <c>Protocol</c>): override
/// <see cref="ConnectionMade"/>, <see cref="DataReceived"/> and <see cref="ConnectionLost"/>, and
/// write through <see cref="Transport"/>.
/// </summary>
/// <example>
/// <code>
/// public sealed class Echo : Protocol
/// {
///     public override void DataReceived(ReadOnlySpan&lt;byte&gt; data) => Transport.Write(data);
/// }
/// </code>
/// </example>
public class Protocol : IProtocol
{
    private ITransport? _transport;

    /// <summary>The factory that built this protocol (set by <see cref="Factory.BuildProtocol"/>), or null.</summary>
    public IProtocolFactory? Factory { get; set; }

    /// <summary>True once <see cref="MakeConnection"/> has been called (it stays true, as in Twisted).</summary>
    public bool Connected { get; private set; }

    /// <summary>The connection's transport.</summary>
    /// <exception cref="InvalidOperationException">The protocol is not connected yet.</exception>
    public ITransport Transport =>
        _transport ?? throw new InvalidOperationException($"{GetType().Name} is not connected yet: its transport is set by MakeConnection.");

    /// <summary>The transport, or null before <see cref="MakeConnection"/>.</summary>
    public ITransport? TransportOrNull => _transport;

    /// <summary>Sets <see cref="Transport"/> and <see cref="Connected"/>, then calls <see cref="ConnectionMade"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is null.</exception>
    public void MakeConnection(ITransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        Connected = true;
        ConnectionMade();
    }

    /// <summary>Called once the connection is made. Does nothing unless overridden.</summary>
    public virtual void ConnectionMade()
    {
    }

    /// <summary>Called with bytes from the peer (see <see cref="IProtocol.DataReceived"/>). Does nothing unless overridden.</summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>Called once when the connection has ended (see <see cref="IProtocol.ConnectionLost"/>). Does nothing unless overridden.</summary>
    public virtual void ConnectionLost(Failure reason)
    {
    }
}
