using System;

namespace Torsion.Endpoints;

/// <summary>
/// Passes every event to the user's protocol and tells the endpoint's factory once the protocol is
/// connected (Twisted's <c>_WrappingProtocol</c>). The user's protocol gets the real transport.
/// </summary>
internal class WrappingProtocol : IProtocol
{
    private readonly WrappingClientFactory _factory;

    public WrappingProtocol(IProtocol wrapped, WrappingClientFactory factory)
    {
        Wrapped = wrapped;
        _factory = factory;
    }

    public IProtocol Wrapped { get; }

    public void MakeConnection(ITransport transport)
    {
        Wrapped.MakeConnection(transport);
        _factory.Connected(Wrapped);
    }

    public void ConnectionMade()
    {
        // Wrapped.MakeConnection already called the wrapped protocol's ConnectionMade.
    }

    public void DataReceived(ReadOnlySpan<byte> data) => Wrapped.DataReceived(data);

    public void ConnectionLost(Failure reason) => Wrapped.ConnectionLost(reason);
}
