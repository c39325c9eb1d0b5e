using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Torsion.Reactors.Interop;
using Torsion.Reactors.Posix;

namespace Torsion;

/// <summary>
/// A poll(2) reactor for any POSIX system (Twisted's <c>PollReactor</c>), with a self-pipe waker.
/// The default on POSIX systems other than Linux.
/// </summary>
public sealed unsafe class PollReactor : PosixReactorBase
{
    private readonly Dictionary<int, short> _interest = new();
    private PollFd[] _pollFds = new PollFd[16];
    private int _pollCount;
    private bool _dirty = true;
    private bool _waiting;

    /// <summary>Creates a poll reactor, ready to <see cref="ReactorBase.Run"/>.</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="PlatformNotSupportedException">Not running on a POSIX system.</exception>
    /// <exception cref="System.IO.IOException">The waker pipe could not be created.</exception>
    public PollReactor(ILogger? logger = null)
        : base(logger)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("PollReactor needs a POSIX system; use CompletionReactor on Windows.");
        }

        InstallWaker(new PipeWaker());
    }

    /// <summary>Creates a poll reactor and installs it as the global reactor (<see cref="Reactor.Instance"/>).</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="ReactorAlreadyInstalledException">A global reactor was already installed or used.</exception>
    public static PollReactor Install(ILogger? logger = null)
    {
        Reactor.ThrowIfInstalled();
        var reactor = new PollReactor(logger);
        Reactor.Install(reactor);
        return reactor;
    }

    private protected override void UpdateInterest(int fd, Interest oldInterest, Interest newInterest)
    {
        if (newInterest == Interest.None)
        {
            _interest.Remove(fd);
        }
        else
        {
            _interest[fd] = (short)(((newInterest & Interest.Read) != 0 ? PollFd.POLLIN : 0) | ((newInterest & Interest.Write) != 0 ? PollFd.POLLOUT : 0));
        }

        _dirty = true;
    }

    /// <inheritdoc/>
    protected override void DoIteration(double? timeoutSeconds)
    {
        if (_dirty)
        {
            if (_waiting || _pollFds.Length < _interest.Count)
            {
                // Never rebuild in place under an outer batch that is still being dispatched.
                _pollFds = new PollFd[Math.Max(_interest.Count, _pollFds.Length * 2)];
            }

            _pollCount = 0;
            foreach (var (fd, events) in _interest)
            {
                _pollFds[_pollCount++] = new PollFd { Fd = fd, Events = events };
            }

            _dirty = false;
        }

        // A nested Iterate() from a callback polls a copy, so the outer batch's results stay intact.
        var pollFds = _waiting ? (PollFd[])_pollFds.Clone() : _pollFds;
        int n = _pollCount;
        int count;
        fixed (PollFd* fds = pollFds)
        {
            count = LibC.Poll(fds, (nuint)n, TimeoutMilliseconds(timeoutSeconds));
        }

        if (count < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR)
            {
                return;
            }

            throw LibC.Error("poll", errno);
        }

        // Callbacks may add or remove descriptors (marking the array dirty, so the next wait builds a
        // new one); this batch is still safe to walk because Dispatch looks every descriptor up again.
        var snapshot = pollFds;
        bool outer = !_waiting;
        _waiting = true;
        try
        {
            DispatchReady(snapshot, n, count);
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

    private void DispatchReady(PollFd[] snapshot, int n, int count)
    {
        for (int i = 0; i < n && count > 0; i++)
        {
            short revents = snapshot[i].REvents;
            if (revents == 0)
            {
                continue;
            }

            count--;
            snapshot[i].REvents = 0;
            Dispatch(snapshot[i].Fd, (revents & PollFd.POLLIN) != 0, (revents & PollFd.POLLOUT) != 0,
                (revents & (PollFd.POLLHUP | PollFd.POLLERR | PollFd.POLLNVAL)) != 0);
        }
    }
}
