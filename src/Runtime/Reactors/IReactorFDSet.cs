namespace Torsion;

/// <summary>
/// Watching arbitrary file descriptors for readiness (Twisted's <c>IReactorFDSet</c>). Offered by
/// the readiness reactors (<see cref="EpollReactor"/>, <see cref="PollReactor"/>,
/// <see cref="SelectReactor"/>), not by the completion-based <see cref="CompletionReactor"/>.
/// </summary>
public interface IReactorFDSet
{
    /// <summary>Starts calling <see cref="IFileDescriptor.DoRead"/> when the descriptor is readable. Adding twice does nothing.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="System.IO.IOException">The operating system refused the descriptor (e.g. a closed one).</exception>
    void AddReader(IFileDescriptor reader);

    /// <summary>Starts calling <see cref="IFileDescriptor.DoWrite"/> when the descriptor is writable. Adding twice does nothing.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="System.IO.IOException">The operating system refused the descriptor (e.g. a closed one).</exception>
    void AddWriter(IFileDescriptor writer);

    /// <summary>Stops watching the descriptor for reading. Unknown descriptors are ignored.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="reader"/> is null.</exception>
    void RemoveReader(IFileDescriptor reader);

    /// <summary>Stops watching the descriptor for writing. Unknown descriptors are ignored.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="writer"/> is null.</exception>
    void RemoveWriter(IFileDescriptor writer);

    /// <summary>Stops watching every reader and writer (except the reactor's internal ones) and returns them, each once.</summary>
    System.Collections.Generic.IReadOnlyList<IFileDescriptor> RemoveAll();

    /// <summary>The descriptors watched for reading, excluding the reactor's internal ones.</summary>
    System.Collections.Generic.IReadOnlyList<IFileDescriptor> GetReaders();

    /// <summary>The descriptors watched for writing.</summary>
    System.Collections.Generic.IReadOnlyList<IFileDescriptor> GetWriters();
}
