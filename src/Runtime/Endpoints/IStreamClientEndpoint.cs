namespace Torsion.Endpoints;

/// <summary>Somewhere a client connects to (Twisted's <c>IStreamClientEndpoint</c>), made by hand or by <see cref="EndpointStrings.ClientFromString"/>.</summary>
public interface IStreamClientEndpoint
{
    /// <summary>
    /// Connects, building the protocol with <paramref name="factory"/>. The Deferred fires with the
    /// protocol once it is connected (after its <c>ConnectionMade</c>), or fails with the connection error,
    /// a <see cref="NoProtocolException"/> when the factory returned null, or whatever the factory threw.
    /// Cancelling the Deferred stops the attempt and fails it with a <see cref="ConnectingCancelledException"/>.
    /// </summary>
    Deferred<IProtocol> Connect(IProtocolFactory factory);
}
