using System;

namespace Torsion.Endpoints;

/// <summary>Helpers for connecting a client through an <see cref="IStreamClientEndpoint"/>.</summary>
public static class ClientEndpoints
{
    /// <summary>
    /// Connects <paramref name="protocol"/> (one instance you made) through <paramref name="endpoint"/>
    /// (Twisted's <c>connectProtocol</c>). The Deferred fires with the same protocol once it is connected.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Deferred<TProtocol> ConnectProtocol<TProtocol>(this IStreamClientEndpoint endpoint, TProtocol protocol)
        where TProtocol : class, IProtocol
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(protocol);
        return endpoint.Connect(Factory.ForProtocol(() => protocol)).AddCallback(static built => (TProtocol)built);
    }

    /// <summary>
    /// Connects a protocol made by <paramref name="create"/> through <paramref name="endpoint"/>; the
    /// Deferred fires with it, typed, once it is connected.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Deferred<TProtocol> Connect<TProtocol>(this IStreamClientEndpoint endpoint, Func<TProtocol> create)
        where TProtocol : class, IProtocol
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(create);
        return endpoint.Connect(Factory.ForProtocol(() => create())).AddCallback(static built => (TProtocol)built);
    }
}
