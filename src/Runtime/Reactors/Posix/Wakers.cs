using System;
using System.Threading;
using Torsion.Reactors.Interop;

namespace Torsion.Reactors.Posix;

/// <summary>An internal reader that makes a blocked readiness wait return when another thread calls <see cref="WakeUp"/>.</summary>
internal interface IWaker : IFileDescriptor, IDisposable
{
    /// <summary>Makes the waker readable. Safe from any thread; never blocks.</summary>
    void WakeUp();
}

/// <summary>A Linux eventfd waker: one descriptor, an 8-byte counter.</summary>
internal sealed unsafe class EventFdWaker : IWaker
{
    /// <summary>
    /// Held by <see cref="WakeUp"/> (any thread) and <see cref="Dispose"/>: a wake-up racing with
    /// disposal must not write into a descriptor number the process has meanwhile reused.
    /// </summary>
    private readonly Lock _closing = new();
    private readonly DescriptorHandle _handle;
    private int _fd;

    public EventFdWaker()
    {
        _fd = LibC.EventFd(0, Epoll.EFD_CLOEXEC | Epoll.EFD_NONBLOCK);
        if (_fd < 0)
        {
            throw LibC.Error("eventfd");
        }

        // Closes the descriptor even if the reactor is dropped without Dispose.
        _handle = new DescriptorHandle(_fd);
    }

    public int FileNo() => _fd;

    public void WakeUp()
    {
        ulong one = 1;
        lock (_closing)
        {
            if (_fd >= 0)
            {
                // EAGAIN means the counter is saturated: the waker is readable anyway.
                LibC.Write(_fd, (byte*)&one, sizeof(ulong));
            }
        }
    }

    public Exception? DoRead()
    {
        ulong value;
        LibC.Read(_fd, (byte*)&value, sizeof(ulong));
        return null;
    }

    public Exception? DoWrite() => null;

    public void ConnectionLost(Failure reason)
    {
    }

    public void Dispose()
    {
        lock (_closing)
        {
            if (_fd >= 0)
            {
                _handle.Dispose();
                _fd = -1;
            }
        }
    }
}

/// <summary>The portable self-pipe waker (Twisted's <c>_UnixWaker</c>): non-blocking, close-on-exec.</summary>
internal sealed unsafe class PipeWaker : IWaker
{
    /// <summary>Held by <see cref="WakeUp"/> (any thread) and <see cref="Dispose"/>; see <see cref="EventFdWaker"/>.</summary>
    private readonly Lock _closing = new();
    private readonly DescriptorHandle _readHandle;
    private readonly DescriptorHandle _writeHandle;
    private int _readFd = -1;
    private int _writeFd = -1;

    public PipeWaker()
    {
        int* fds = stackalloc int[2];
        if (LibC.Pipe(fds) < 0)
        {
            throw LibC.Error("pipe");
        }

        _readFd = fds[0];
        _writeFd = fds[1];

        // Close the descriptors even if the reactor is dropped without Dispose.
        _readHandle = new DescriptorHandle(_readFd);
        _writeHandle = new DescriptorHandle(_writeFd);
        LibC.MakeNonBlockingCloseOnExec(_readFd);
        LibC.MakeNonBlockingCloseOnExec(_writeFd);
    }

    public int FileNo() => _readFd;

    public void WakeUp()
    {
        byte x = (byte)'x';
        lock (_closing)
        {
            if (_writeFd >= 0)
            {
                // EAGAIN means the pipe is full: it is readable anyway.
                LibC.Write(_writeFd, &x, 1);
            }
        }
    }

    public Exception? DoRead()
    {
        byte* buffer = stackalloc byte[64];
        while (LibC.Read(_readFd, buffer, 64) == 64)
        {
        }

        return null;
    }

    public Exception? DoWrite() => null;

    public void ConnectionLost(Failure reason)
    {
    }

    public void Dispose()
    {
        lock (_closing)
        {
            if (_readFd >= 0)
            {
                _readHandle.Dispose();
                _writeHandle.Dispose();
                _readFd = _writeFd = -1;
            }
        }
    }
}
