using System;

namespace Torsion.Testing;

/// <summary>
/// The connector <see cref="MemoryReactor.ConnectTcp"/> returns. It behaves like a real connector
/// towards its factory (<c>StartedConnecting</c> on each attempt, <c>ClientConnectionFailed</c> when
/// stopped), and lets the test decide each attempt's outcome with <see cref="Succeed"/>,
/// <see cref="Fail"/> and <see cref="Lose"/>.
/// </summary>
public sealed class MemoryConnector : IConnector
{
    private readonly ClientFactory _factory;
    private readonly IAddress _destination;

    internal MemoryConnector(ClientFactory factory, IAddress destination)
    {
        _factory = factory;
        _destination = destination;
    }

    /// <summary>The connector's state.</summary>
    public MemoryConnectorState State { get; private set; }

    /// <summary>How many attempts were started (the first by <c>ConnectTcp</c>, then one per <see cref="Connect"/>).</summary>
    public int Attempts { get; private set; }

    /// <summary>True once <see cref="StopConnecting"/> stopped an attempt (Twisted's <c>stoppedConnecting</c>).</summary>
    public bool StoppedConnecting { get; private set; }

    /// <summary>True once <see cref="Disconnect"/> was called.</summary>
    public bool DisconnectCalled { get; private set; }

    /// <summary>The connected protocol, after <see cref="Succeed"/>.</summary>
    public IProtocol? Protocol { get; private set; }

    /// <summary>The connection's transport, after <see cref="Succeed"/>.</summary>
    public StringTransport? Transport { get; private set; }

    /// <summary>Starts a new attempt: calls the factory's <c>StartedConnecting</c>.</summary>
    /// <exception cref="InvalidOperationException">An attempt is in progress or the connection is open.</exception>
    public void Connect()
    {
        if (State != MemoryConnectorState.Disconnected)
        {
            throw new InvalidOperationException($"Cannot connect: the connector is {State.ToString().ToLowerInvariant()}.");
        }

        State = MemoryConnectorState.Connecting;
        Attempts++;
        _factory.StartedConnecting(this);
    }

    /// <summary>Stops the attempt: the factory gets <c>ClientConnectionFailed</c> with a <see cref="UserCancelledConnectException"/>.</summary>
    /// <exception cref="NotConnectingException">No attempt is in progress.</exception>
    public void StopConnecting()
    {
        if (State != MemoryConnectorState.Connecting)
        {
            throw new NotConnectingException();
        }

        StoppedConnecting = true;
        Fail(new UserCancelledConnectException());
    }

    /// <summary>Stops an attempt in progress, or closes the open connection (the protocol and factory hear of a clean close).</summary>
    public void Disconnect()
    {
        DisconnectCalled = true;
        if (State == MemoryConnectorState.Connecting)
        {
            StopConnecting();
        }
        else if (State == MemoryConnectorState.Connected)
        {
            if (Transport is null)
            {
                // Joined in memory: the pump delivers the close to both ends and to the factory.
                (Protocol as Torsion.Protocol)?.TransportOrNull?.LoseConnection();
                return;
            }

            Transport.LoseConnection();
            Lose(new ConnectionDoneException());
        }
    }

    /// <inheritdoc/>
    public IAddress GetDestination() => _destination;

    /// <summary>
    /// Lets the attempt succeed: builds the protocol with the factory and connects it to
    /// <paramref name="transport"/> (a new <see cref="StringTransport"/> when null). When the factory
    /// refuses (null), the connection is closed at once and the factory gets <c>ClientConnectionLost</c>.
    /// </summary>
    /// <returns>The protocol, or null when the factory refused.</returns>
    /// <exception cref="InvalidOperationException">No attempt is in progress.</exception>
    public IProtocol? Succeed(StringTransport? transport = null)
    {
        RequireState(MemoryConnectorState.Connecting, nameof(Succeed));
        IProtocol? protocol = _factory.BuildProtocol(_destination);
        if (protocol is null)
        {
            State = MemoryConnectorState.Disconnected;
            _factory.ClientConnectionLost(this, new Failure(new ConnectionDoneException()));
            return null;
        }

        State = MemoryConnectorState.Connected;
        Protocol = protocol;
        Transport = transport ?? new StringTransport(peerAddress: _destination);
        protocol.MakeConnection(Transport);
        return protocol;
    }

    /// <summary>Builds the protocol for a connection joined in memory by <see cref="ConnectionCompleter"/>.</summary>
    internal IProtocol? BuildForPair()
    {
        IProtocol? protocol = _factory.BuildProtocol(_destination);
        if (protocol is null)
        {
            State = MemoryConnectorState.Disconnected;
            _factory.ClientConnectionLost(this, new Failure(new ConnectionDoneException()));
            return null;
        }

        State = MemoryConnectorState.Connected;
        Protocol = protocol;
        return protocol;
    }

    /// <summary>Called when a connection joined in memory ended: tells the factory.</summary>
    internal void PairLost(Failure reason)
    {
        State = MemoryConnectorState.Disconnected;
        _factory.ClientConnectionLost(this, reason);
    }

    /// <summary>Lets the attempt fail: the factory gets <c>ClientConnectionFailed</c> with <paramref name="reason"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No attempt is in progress.</exception>
    public void Fail(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        RequireState(MemoryConnectorState.Connecting, nameof(Fail));
        State = MemoryConnectorState.Disconnected;
        _factory.ClientConnectionFailed(this, new Failure(reason));
    }

    /// <summary>
    /// Ends the open connection: the protocol gets <c>ConnectionLost</c> and then the factory
    /// <c>ClientConnectionLost</c>, both with <paramref name="reason"/> (a <see cref="ConnectionDoneException"/> when null).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is not open.</exception>
    public void Lose(Exception? reason = null)
    {
        RequireState(MemoryConnectorState.Connected, nameof(Lose));
        if (Transport is null)
        {
            throw new InvalidOperationException("Cannot lose: the connection was joined in memory by a ConnectionCompleter; close it through its transport and pump.");
        }

        var failure = new Failure(reason ?? new ConnectionDoneException());
        State = MemoryConnectorState.Disconnected;
        Protocol!.ConnectionLost(failure);
        _factory.ClientConnectionLost(this, failure);
    }

    private void RequireState(MemoryConnectorState wanted, string action)
    {
        if (State != wanted)
        {
            throw new InvalidOperationException($"Cannot {action.ToLowerInvariant()}: the connector is {State.ToString().ToLowerInvariant()}, not {wanted.ToString().ToLowerInvariant()}.");
        }
    }
}
