using System;
using System.Runtime.InteropServices;

namespace Torsion.Reactors.Interop;

/// <summary>The few POSIX and Linux calls the readiness reactors need, bound at compile time.</summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EPERM = 1;
    public const int EEXIST = 17;
    public const int ENOENT = 2;

    /// <summary>EAGAIN/EWOULDBLOCK: 11 on Linux, 35 on the BSDs and macOS.</summary>
    public static int EAGAIN => OperatingSystem.IsLinux() ? 11 : 35;

    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int FD_CLOEXEC = 1;

    /// <summary>O_NONBLOCK: 0x800 on Linux, 0x4 on the BSDs and macOS.</summary>
    public static int O_NONBLOCK => OperatingSystem.IsLinux() ? 0x800 : 0x4;

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "pipe", SetLastError = true)]
    public static partial int Pipe(int* fds);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Lib, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Lib, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* evt);

    [LibraryImport(Lib, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Lib, EntryPoint = "select", SetLastError = true)]
    public static partial int Select(int nfds, ulong* readFds, ulong* writeFds, ulong* exceptFds, TimeVal* timeout);

    /// <summary>Marks <paramref name="fd"/> non-blocking and close-on-exec.</summary>
    public static void MakeNonBlockingCloseOnExec(int fd)
    {
        int flags = Fcntl(fd, F_GETFL, 0);
        if (flags < 0 || Fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 || Fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
        {
            throw Error("fcntl");
        }
    }

    /// <summary>An <see cref="System.IO.IOException"/> for the last failed call, naming it and errno.</summary>
    public static System.IO.IOException Error(string call) => Error(call, Marshal.GetLastPInvokeError());

    /// <summary>An <see cref="System.IO.IOException"/> naming <paramref name="call"/> and <paramref name="errno"/>.</summary>
    public static System.IO.IOException Error(string call, int errno) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).") { HResult = errno };
}

/// <summary>struct pollfd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short REvents;

    public const short POLLIN = 0x1;
    public const short POLLPRI = 0x2;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;
}

/// <summary>struct timeval (64-bit POSIX).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeVal
{
    public nint Seconds;
    public nint Microseconds;
}
