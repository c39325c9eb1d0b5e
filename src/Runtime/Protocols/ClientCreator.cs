using System;
using System.Net;
using Torsion.Endpoints;

namespace Torsion;

/// <summary>
/// Connects one protocol and hands it over through a Deferred (Twisted's <c>ClientCreator</c>): a
/// client in a few lines of <c>[InlineCallbacks]</c> or <c>async Deferred</c>.
/// </summary>
/// <typeparam name="TProtocol">The protocol's type.</typeparam>
/// <example>
/// <code>
/// var creator = new ClientCreator&lt;Chat&gt;(reactor, () =&gt; new Chat());
/// Chat chat = await creator.ConnectTcp("127.0.0.1", 8000);
/// chat.SendLine("hello");
/// </code>
/// </example>
public sealed class ClientCreator<TProtocol>
    where TProtocol : IProtocol
{
    private readonly IReactorTcp _reactor;
    private readonly Func<TProtocol> _create;

    /// <summary>Creates a creator that connects through <paramref name="reactor"/> a protocol made by <paramref name="create"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ClientCreator(IReactorTcp reactor, Func<TProtocol> create)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(create);
        _reactor = reactor;
        _create = create;
    }

    /// <summary>
    /// Connects over TCP. The Deferred fires with the protocol once it is connected (after its
    /// <c>ConnectionMade</c>), or fails with the connection error (<see cref="ConnectionRefusedException"/>,
    /// <see cref="ConnectTimeoutException"/>, <see cref="DnsLookupException"/> ...). Cancelling it stops the
    /// attempt and fails it with a <see cref="ConnectingCancelledException"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> or <paramref name="timeout"/> is out of range.</exception>
    public Deferred<TProtocol> ConnectTcp(string host, int port, TimeSpan? timeout = null, IPEndPoint? bindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var factory = new WrappingClientFactory(Factory.ForProtocol(() => _create()));
        factory.Connector = _reactor.ConnectTcp(host, port, factory, timeout, bindAddress);
        return factory.Result.AddCallback(static protocol => (TProtocol)protocol);
    }
}
