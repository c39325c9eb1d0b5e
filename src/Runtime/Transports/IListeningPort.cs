namespace Torsion;

/// <summary>
/// A listening socket that builds a protocol for each accepted connection (Twisted's
/// <c>IListeningPort</c>), as returned by <see cref="IReactorTcp.ListenTcp"/>.
/// </summary>
public interface IListeningPort
{
    /// <summary>
    /// Starts listening again after <see cref="StopListening"/> (the reactor's <c>ListenTcp</c>
    /// already started it).
    /// </summary>
    /// <exception cref="CannotListenException">The address cannot be bound (for example the port is taken).</exception>
    void StartListening();

    /// <summary>
    /// Stops accepting connections and closes the socket. Connections already accepted stay open.
    /// The factory's <see cref="IProtocolFactory.DoStop"/> is called.
    /// </summary>
    /// <returns>A Deferred that fires with null once the socket is closed.</returns>
    Deferred StopListening();

    /// <summary>The address the port listens on; for port 0, the port the system chose.</summary>
    IAddress GetHost();
}
