using System.Runtime.InteropServices;

namespace Torsion.Reactors.Interop;

/// <summary>
/// epoll constants and the layout of <c>struct epoll_event</c>, which the kernel packs on x86 and
/// x86-64 (12 bytes, data at offset 4) and aligns elsewhere (16 bytes, data at offset 8).
/// </summary>
internal static class Epoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x1;
    public const uint EPOLLOUT = 0x4;
    public const uint EPOLLERR = 0x8;
    public const uint EPOLLHUP = 0x10;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    private static readonly bool Packed =
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    /// <summary>Bytes per epoll_event.</summary>
    public static readonly int EventSize = Packed ? 12 : 16;

    /// <summary>Offset of the data union inside epoll_event.</summary>
    public static readonly int DataOffset = Packed ? 4 : 8;
}
