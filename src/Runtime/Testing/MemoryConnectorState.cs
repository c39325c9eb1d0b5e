namespace Torsion.Testing;

/// <summary>Where a <see cref="MemoryConnector"/> stands.</summary>
public enum MemoryConnectorState
{
    /// <summary>No attempt in progress and no connection (after a failure, a stop or a loss).</summary>
    Disconnected,

    /// <summary>An attempt is in progress: the test has not decided its outcome yet.</summary>
    Connecting,

    /// <summary>The attempt succeeded and the connection is open.</summary>
    Connected,
}
