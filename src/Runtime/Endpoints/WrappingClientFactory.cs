using System;

namespace Torsion.Endpoints;

/// <summary>
/// The client factory an endpoint gives the reactor (Twisted's <c>_WrappingFactory</c>): builds the
/// user's protocol with the user's factory, wraps it so its connection fires <see cref="Result"/>, and
/// fails <see cref="Result"/> when the attempt fails, the factory refuses (<see cref="NoProtocolException"/>)
/// or throws. Cancelling <see cref="Result"/> stops the attempt.
/// </summary>
internal sealed class WrappingClientFactory : ClientFactory
{
    private readonly IProtocolFactory _wrapped;
    private bool _settled;

    public WrappingClientFactory(IProtocolFactory wrapped)
    {
        _wrapped = wrapped;
        Result = new Deferred<IProtocol>(Cancel);
    }

    /// <summary>Fires with the connected protocol, or fails.</summary>
    public Deferred<IProtocol> Result { get; }

    /// <summary>The connector of the attempt (set by the endpoint, or at <see cref="StartedConnecting"/>).</summary>
    public IConnector? Connector { get; set; }

    public override void StartFactory() => _wrapped.DoStart();

    public override void StopFactory() => _wrapped.DoStop();

    public override void StartedConnecting(IConnector connector) => Connector = connector;

    public override IProtocol? BuildProtocol(IAddress address)
    {
        IProtocol? protocol;
        try
        {
            protocol = _wrapped.BuildProtocol(address);
        }
        catch (Exception exception)
        {
            Fail(new Failure(exception));
            return null;
        }

        if (protocol is null)
        {
            Fail(new Failure(new NoProtocolException()));
            return null;
        }

        if (_settled)
        {
            // Cancelled while the connection was being made: refuse it.
            return null;
        }

        return protocol is IHalfCloseableProtocol
            ? new HalfCloseableWrappingProtocol(protocol, this)
            : new WrappingProtocol(protocol, this);
    }

    public override void ClientConnectionFailed(IConnector connector, Failure reason) => Fail(reason);

    internal void Connected(IProtocol protocol)
    {
        if (!_settled)
        {
            _settled = true;
            Result.Callback(protocol);
        }
    }

    private void Fail(Failure reason)
    {
        if (!_settled)
        {
            _settled = true;
            Result.Errback(reason);
        }
    }

    private void Cancel(Deferred<IProtocol> deferred)
    {
        IConnector? connector = Connector;
        if (!_settled)
        {
            _settled = true;
            deferred.Errback(new ConnectingCancelledException(connector?.GetDestination()));
        }

        if (connector is not null)
        {
            try
            {
                connector.StopConnecting();
            }
            catch (NotConnectingException)
            {
                // Already connected or failed: nothing to stop.
            }
        }
    }
}
