using System;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Torsion.Reactors.Interop;
using Torsion.Reactors.Posix;

namespace Torsion;

/// <summary>
/// The Linux reactor (Twisted's <c>EPollReactor</c>): level-triggered epoll with an eventfd waker.
/// Descriptors epoll refuses with EPERM (regular files) are polled every millisecond instead, as
/// Twisted does. The default reactor on Linux.
/// </summary>
public sealed unsafe class EpollReactor : PosixReactorBase
{
    private int _epollFd;

    /// <summary>Owns <see cref="_epollFd"/>: closed by Dispose, or by the finalizer if the reactor is dropped undisposed.</summary>
    private readonly DescriptorHandle _epollHandle;
    private byte[] _events = new byte[64 * Epoll.EventSize];
    private bool _waiting;

    /// <summary>Creates an epoll reactor, ready to <see cref="ReactorBase.Run"/>.</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="PlatformNotSupportedException">Not running on Linux.</exception>
    /// <exception cref="System.IO.IOException">epoll_create1 or eventfd failed.</exception>
    public EpollReactor(ILogger? logger = null)
        : base(logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("EpollReactor needs Linux; use PollReactor or SelectReactor.");
        }

        _epollFd = LibC.EpollCreate1(Epoll.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw LibC.Error("epoll_create1");
        }

        _epollHandle = new DescriptorHandle(_epollFd);

        InstallWaker(new EventFdWaker());
    }

    /// <summary>Creates an epoll reactor and installs it as the global reactor (<see cref="Reactor.Instance"/>).</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="ReactorAlreadyInstalledException">A global reactor was already installed or used.</exception>
    public static EpollReactor Install(ILogger? logger = null)
    {
        Reactor.ThrowIfInstalled();
        var reactor = new EpollReactor(logger);
        Reactor.Install(reactor);
        return reactor;
    }

    private protected override bool FallsBackToContinuousPolling => true;

    private protected override void UpdateInterest(int fd, Interest oldInterest, Interest newInterest)
    {
        int op = oldInterest == Interest.None ? Epoll.EPOLL_CTL_ADD
            : newInterest == Interest.None ? Epoll.EPOLL_CTL_DEL
            : Epoll.EPOLL_CTL_MOD;
        byte* evt = stackalloc byte[16];
        uint events = ((newInterest & Interest.Read) != 0 ? Epoll.EPOLLIN : 0) | ((newInterest & Interest.Write) != 0 ? Epoll.EPOLLOUT : 0);
        *(uint*)evt = events;
        *(ulong*)(evt + Epoll.DataOffset) = (ulong)(uint)fd;
        if (LibC.EpollCtl(_epollFd, op, fd, evt) < 0)
        {
            throw LibC.Error("epoll_ctl");
        }
    }

    /// <inheritdoc/>
    protected override void DoIteration(double? timeoutSeconds)
    {
        int wanted = Math.Max(DescriptorCount, 1) * Epoll.EventSize;
        if (_events.Length < wanted)
        {
            _events = new byte[Math.Max(wanted, _events.Length * 2)];
        }

        // A nested Iterate() from a callback gets its own buffer, so the outer batch stays intact.
        byte[] events = _waiting ? new byte[_events.Length] : _events;
        bool outer = !_waiting;
        _waiting = true;
        try
        {
            Wait(events, timeoutSeconds);
        }
        finally
        {
            if (outer)
            {
                _waiting = false;
            }
        }

        DispatchContinuous();
    }

    private void Wait(byte[] events, double? timeoutSeconds)
    {
        int capacity = events.Length / Epoll.EventSize;
        int count;
        fixed (byte* buffer = events)
        {
            count = LibC.EpollWait(_epollFd, buffer, capacity, TimeoutMilliseconds(timeoutSeconds));
        }

        if (count < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                return;
            }

            throw LibC.Error("epoll_wait", errno);
        }

        for (int i = 0; i < count; i++)
        {
            uint flags;
            int fd;
            fixed (byte* buffer = events)
            {
                byte* evt = buffer + (i * Epoll.EventSize);
                flags = *(uint*)evt;
                fd = (int)*(ulong*)(evt + Epoll.DataOffset);
            }

            Dispatch(fd, (flags & Epoll.EPOLLIN) != 0, (flags & Epoll.EPOLLOUT) != 0, (flags & (Epoll.EPOLLHUP | Epoll.EPOLLERR)) != 0);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_epollFd >= 0)
        {
            _epollHandle.Dispose();
            _epollFd = -1;
        }
    }
}
