using System;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Torsion.Reactors.Interop;
using Torsion.Reactors.Posix;

namespace Torsion;

/// <summary>
/// The select(2) reactor (Twisted's <c>SelectReactor</c>): the most portable readiness reactor,
/// limited to descriptors below FD_SETSIZE (1024). It has no hang-up event: a closed peer shows up
/// as readability and the descriptor's <c>DoRead</c> reports the end. If select reports a bad
/// descriptor, the reactor finds the closed ones and disconnects them with
/// <see cref="ConnectionLostException"/>. Works on POSIX systems (not Windows).
/// </summary>
public sealed unsafe class SelectReactor : PosixReactorBase
{
    private const int FdSetSize = 1024;
    private const int FdSetWords = FdSetSize / 64;

    /// <summary>Creates a select reactor, ready to <see cref="ReactorBase.Run"/>.</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="PlatformNotSupportedException">Not running on a POSIX system.</exception>
    /// <exception cref="System.IO.IOException">The waker pipe could not be created.</exception>
    public SelectReactor(ILogger? logger = null)
        : base(logger)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SelectReactor uses POSIX select(2); use CompletionReactor on Windows.");
        }

        InstallWaker(new PipeWaker());
    }

    /// <summary>
    /// Creates a select reactor and installs it as the global reactor (<see cref="Reactor.Instance"/>),
    /// like Twisted's <c>selectreactor.install()</c>. Must come before anything uses the global reactor.
    /// </summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="ReactorAlreadyInstalledException">A global reactor was already installed or used.</exception>
    public static SelectReactor Install(ILogger? logger = null)
    {
        Reactor.ThrowIfInstalled();
        var reactor = new SelectReactor(logger);
        Reactor.Install(reactor);
        return reactor;
    }

    private protected override void UpdateInterest(int fd, Interest oldInterest, Interest newInterest)
    {
        if (fd >= FdSetSize && newInterest != Interest.None)
        {
            throw new System.IO.IOException($"select cannot watch descriptor {fd}: FD_SETSIZE is {FdSetSize}. Use EpollReactor or PollReactor.");
        }
    }

    /// <inheritdoc/>
    protected override void DoIteration(double? timeoutSeconds)
    {
        ulong* readSet = stackalloc ulong[FdSetWords];
        ulong* writeSet = stackalloc ulong[FdSetWords];
        new Span<ulong>(readSet, FdSetWords).Clear();
        new Span<ulong>(writeSet, FdSetWords).Clear();
        int maxFd = -1;
        foreach (var entry in Entries)
        {
            if (entry.Continuous)
            {
                continue;
            }

            int fd = entry.Fd;
            if ((entry.Interest & Interest.Read) != 0)
            {
                readSet[fd >> 6] |= 1UL << (fd & 63);
            }

            if ((entry.Interest & Interest.Write) != 0)
            {
                writeSet[fd >> 6] |= 1UL << (fd & 63);
            }

            maxFd = Math.Max(maxFd, fd);
        }

        TimeVal timeout = default;
        TimeVal* timeoutPointer = null;
        if (timeoutSeconds is { } seconds)
        {
            long micros = (long)Math.Ceiling(seconds * 1_000_000.0);
            timeout.Seconds = (nint)(micros / 1_000_000);
            timeout.Microseconds = (nint)(micros % 1_000_000);
            timeoutPointer = &timeout;
        }

        int count = LibC.Select(maxFd + 1, readSet, writeSet, null, timeoutPointer);
        if (count < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                return;
            }

            if (errno == LibC.EBADF)
            {
                PreenDescriptors();
                return;
            }

            throw LibC.Error("select", errno);
        }

        for (int fd = 0; fd <= maxFd && count > 0; fd++)
        {
            ulong bit = 1UL << (fd & 63);
            bool readable = (readSet[fd >> 6] & bit) != 0;
            bool writable = (writeSet[fd >> 6] & bit) != 0;
            if (readable || writable)
            {
                count -= (readable ? 1 : 0) + (writable ? 1 : 0);
                Dispatch(fd, readable, writable, false);
            }
        }

        DispatchContinuous();
    }

    /// <summary>After EBADF: disconnect every descriptor that is no longer open (Twisted's <c>_preenDescriptors</c>).</summary>
    private void PreenDescriptors()
    {
        foreach (var entry in new System.Collections.Generic.List<Entry>(Entries))
        {
            if (LibC.Fcntl(entry.Fd, LibC.F_GETFD, 0) < 0 && Marshal.GetLastPInvokeError() == LibC.EBADF)
            {
                DisconnectClosed(entry.Fd);
            }
        }
    }
}
