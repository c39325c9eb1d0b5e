namespace Torsion;

/// <summary>
/// The address of one end of a connection or of a listening port (Twisted's <c>IAddress</c>).
/// Implemented by <see cref="IPv4Address"/> and <see cref="IPv6Address"/>; every implementation is
/// an immutable value with equality.
/// </summary>
public interface IAddress
{
}
