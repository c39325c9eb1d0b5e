using System;

namespace Torsion;

/// <summary>
/// Makes protocols and keeps state they share (Twisted's <c>Factory</c>). Set <see cref="Protocol"/>
/// (or use <see cref="ForProtocol{TProtocol}"/>), or override <see cref="BuildProtocol"/>.
/// <see cref="StartFactory"/> runs when the first port or connector starts using the factory and
/// <see cref="StopFactory"/> when the last one stops (<see cref="NumPorts"/> counts them).
/// </summary>
public class Factory : IProtocolFactory
{
    /// <summary>Makes one protocol; called by the default <see cref="BuildProtocol"/>.</summary>
    public Func<IProtocol>? Protocol { get; set; }

    /// <summary>How many ports and connectors are using the factory now.</summary>
    public int NumPorts { get; private set; }

    /// <summary>A factory whose protocols are <c>new <typeparamref name="TProtocol"/>()</c>.</summary>
    public static Factory ForProtocol<TProtocol>()
        where TProtocol : IProtocol, new()
        => new() { Protocol = static () => new TProtocol() };

    /// <summary>A factory whose protocols are made by <paramref name="create"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    public static Factory ForProtocol(Func<IProtocol> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new Factory { Protocol = create };
    }

    /// <summary>
    /// Makes a protocol with <see cref="Protocol"/> and, when it is a <see cref="Torsion.Protocol"/>,
    /// sets its <see cref="Torsion.Protocol.Factory"/> to this factory. Override to choose per
    /// address, or return null to refuse the connection.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Protocol"/> is not set (and the method was not overridden).</exception>
    public virtual IProtocol? BuildProtocol(IAddress address)
    {
        Func<IProtocol> create = Protocol
            ?? throw new InvalidOperationException($"{GetType().Name}.Protocol is not set: set it, use Factory.ForProtocol, or override BuildProtocol.");
        IProtocol protocol = create();
        if (protocol is Protocol built)
        {
            built.Factory = this;
        }

        return protocol;
    }

    /// <summary>Counts one more user; the first one calls <see cref="StartFactory"/>.</summary>
    public void DoStart()
    {
        if (NumPorts == 0)
        {
            StartFactory();
        }

        NumPorts++;
    }

    /// <summary>Counts one user fewer; the last one calls <see cref="StopFactory"/>. More stops than starts are ignored.</summary>
    public void DoStop()
    {
        if (NumPorts == 0)
        {
            return;
        }

        NumPorts--;
        if (NumPorts == 0)
        {
            StopFactory();
        }
    }

    /// <summary>Called when the first port or connector starts using the factory: open shared resources here.</summary>
    public virtual void StartFactory()
    {
    }

    /// <summary>Called when the last port or connector stops using the factory: release shared resources here.</summary>
    public virtual void StopFactory()
    {
    }
}
