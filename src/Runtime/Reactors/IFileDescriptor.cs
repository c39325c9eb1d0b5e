namespace Torsion;

/// <summary>
/// Something with an operating-system file descriptor that a reactor watches for readiness
/// (Twisted's <c>IReadDescriptor</c>/<c>IWriteDescriptor</c>, merged). The reactor calls these
/// methods on its own thread.
/// </summary>
public interface IFileDescriptor
{
    /// <summary>The descriptor number, or -1 if it has been closed (the reactor then disconnects it).</summary>
    int FileNo();

    /// <summary>
    /// Called when the descriptor is readable. Return null to keep going, or an exception (for
    /// example a <see cref="ConnectionDoneException"/>) to be disconnected with that reason. A thrown
    /// exception is logged and also disconnects.
    /// </summary>
    System.Exception? DoRead();

    /// <summary>Called when the descriptor is writable; returns and throws like <see cref="DoRead"/>.</summary>
    System.Exception? DoWrite();

    /// <summary>
    /// Called once the reactor has stopped watching the descriptor because of
    /// <paramref name="reason"/> (hang-up, error, a reason returned by <see cref="DoRead"/> or
    /// <see cref="DoWrite"/>, or reactor shutdown).
    /// </summary>
    void ConnectionLost(Failure reason);
}
