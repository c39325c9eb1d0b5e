using Microsoft.Win32.SafeHandles;

namespace Torsion.Reactors.Interop;

/// <summary>
/// Owns a POSIX file descriptor a reactor created for itself (epoll instance, eventfd, self-pipe):
/// closed by <see cref="System.Runtime.InteropServices.SafeHandle.Dispose()"/>, or by the critical
/// finalizer when a reactor is dropped without being disposed, so it never leaks.
/// </summary>
internal sealed class DescriptorHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>Takes ownership of <paramref name="fd"/> (a valid descriptor).</summary>
    public DescriptorHandle(int fd)
        : base(ownsHandle: true)
        => SetHandle(fd);

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
