namespace Torsion;

/// <summary>
/// An outgoing connection attempt and the connection it made (Twisted's <c>IConnector</c>), as
/// returned by <see cref="IReactorTcp.ConnectTcp"/>. Its client factory is told of every attempt,
/// failure and loss, and may call <see cref="Connect"/> again to retry.
/// </summary>
public interface IConnector
{
    /// <summary>Starts a new connection attempt (after a failure or a loss).</summary>
    /// <exception cref="System.InvalidOperationException">The connector is already connecting or connected.</exception>
    void Connect();

    /// <summary>Stops the attempt in progress; the factory gets <c>ClientConnectionFailed</c> with a
    /// <see cref="UserCancelledConnectException"/>.</summary>
    /// <exception cref="NotConnectingException">No attempt is in progress.</exception>
    void StopConnecting();

    /// <summary>Stops an attempt in progress, or closes the connection it made (<c>LoseConnection</c>).</summary>
    void Disconnect();

    /// <summary>The address this connector connects to.</summary>
    IAddress GetDestination();
}
