namespace Torsion.Endpoints;

/// <summary>Somewhere a server listens (Twisted's <c>IStreamServerEndpoint</c>), made by hand or by <see cref="EndpointStrings.ServerFromString"/>.</summary>
public interface IStreamServerEndpoint
{
    /// <summary>
    /// Starts listening with <paramref name="factory"/>. The Deferred fires with the listening port, or
    /// fails (for example with a <see cref="CannotListenException"/>).
    /// </summary>
    Deferred<IListeningPort> Listen(IProtocolFactory factory);
}
