using System;

namespace Torsion;

/// <summary>
/// A factory for outgoing connections (Twisted's <c>ClientFactory</c>): hears of each attempt of its
/// <see cref="IConnector"/>, each failure and each loss, and may call <see cref="IConnector.Connect"/>
/// again to retry.
/// </summary>
public class ClientFactory : Factory
{
    /// <summary>A client factory whose protocols are <c>new <typeparamref name="TProtocol"/>()</c>.</summary>
    public static new ClientFactory ForProtocol<TProtocol>()
        where TProtocol : IProtocol, new()
        => new() { Protocol = static () => new TProtocol() };

    /// <summary>A client factory whose protocols are made by <paramref name="create"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    public static new ClientFactory ForProtocol(Func<IProtocol> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new ClientFactory { Protocol = create };
    }

    /// <summary>Called when <paramref name="connector"/> starts an attempt. Does nothing unless overridden.</summary>
    public virtual void StartedConnecting(IConnector connector)
    {
    }

    /// <summary>
    /// Called when an attempt fails, with a <see cref="ConnectException"/> (refused, timed out, name not
    /// found, stopped ...). Does nothing unless overridden.
    /// </summary>
    public virtual void ClientConnectionFailed(IConnector connector, Failure reason)
    {
    }

    /// <summary>Called when a connection the connector made has ended, with the protocol's reason. Does nothing unless overridden.</summary>
    public virtual void ClientConnectionLost(IConnector connector, Failure reason)
    {
    }
}
