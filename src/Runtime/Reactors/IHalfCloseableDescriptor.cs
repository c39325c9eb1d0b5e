namespace Torsion;

/// <summary>
/// A descriptor that can keep writing after its reading side has closed cleanly (Twisted's
/// <c>IHalfCloseableDescriptor</c>).
/// </summary>
public interface IHalfCloseableDescriptor : IFileDescriptor
{
    /// <summary>
    /// Called instead of <see cref="IFileDescriptor.ConnectionLost"/> when reading ended with a
    /// <see cref="ConnectionDoneException"/>: the descriptor is no longer a reader, but stays a writer
    /// if it was one.
    /// </summary>
    void ReadConnectionLost(Failure reason);
}
