using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Torsion.Reactors.Interop;
using Torsion.Reactors.Posix;

namespace Torsion;

/// <summary>
/// The base of the readiness reactors (epoll, poll, select): the reader/writer bookkeeping of
/// <see cref="IReactorFDSet"/>, the waker, and Twisted's dispatch rules: hang-up or error without
/// pending input disconnects with <see cref="ConnectionDoneException"/> if the descriptor was being
/// read (else <see cref="ConnectionLostException"/>); a <c>FileNo()</c> of -1 disconnects; otherwise
/// <c>DoRead</c> then, unless it asked to disconnect, <c>DoWrite</c>; an exception from either is
/// logged and disconnects.
/// </summary>
public abstract partial class PosixReactorBase : ReactorBase, IReactorFDSet
{
    private readonly Dictionary<int, Entry> _entries = new();
    private readonly List<Entry> _continuous = new();
    private IWaker? _waker;

    /// <summary>Which readiness a descriptor is watched for.</summary>
    [Flags]
    private protected enum Interest
    {
        None = 0,
        Read = 1,
        Write = 2,
    }

    private protected sealed class Entry
    {
        public Entry(int fd, IFileDescriptor descriptor)
        {
            Fd = fd;
            Descriptor = descriptor;
        }

        public int Fd { get; }

        public IFileDescriptor Descriptor { get; set; }

        public Interest Interest { get; set; }

        public bool Internal { get; set; }

        /// <summary>Polled every iteration instead of registered with the kernel (epoll refuses regular files).</summary>
        public bool Continuous { get; set; }
    }

    /// <summary>Creates the reactor; the subclass then calls <see cref="InstallWaker"/>.</summary>
    private protected PosixReactorBase(ILogger? logger)
        : base(logger)
    {
    }

    private protected int DescriptorCount => _entries.Count;

    private protected Dictionary<int, Entry>.ValueCollection Entries => _entries.Values;

    /// <summary>Registers the waker as an internal reader (never returned by <see cref="GetReaders"/> or <see cref="RemoveAll"/>).</summary>
    private protected void InstallWaker(IWaker waker)
    {
        _waker = waker;
        var entry = new Entry(waker.FileNo(), waker) { Internal = true };
        UpdateInterest(entry.Fd, Interest.None, Interest.Read);
        entry.Interest = Interest.Read;
        _entries.Add(entry.Fd, entry);
    }

    /// <inheritdoc/>
    protected override void WakeUp() => _waker?.WakeUp();

    /// <summary>Tells the kernel structure (or the subclass's own table) the new interest for <paramref name="fd"/>.</summary>
    /// <exception cref="IOException">The system refused; <see cref="Exception.HResult"/> holds errno.</exception>
    private protected abstract void UpdateInterest(int fd, Interest oldInterest, Interest newInterest);

    /// <summary>Whether an EPERM from <see cref="UpdateInterest"/> means "poll it continuously" (epoll and regular files).</summary>
    private protected virtual bool FallsBackToContinuousPolling => false;

    /// <inheritdoc/>
    public void AddReader(IFileDescriptor reader) => Add(reader, Interest.Read);

    /// <inheritdoc/>
    public void AddWriter(IFileDescriptor writer) => Add(writer, Interest.Write);

    /// <inheritdoc/>
    public void RemoveReader(IFileDescriptor reader) => Remove(reader, Interest.Read);

    /// <inheritdoc/>
    public void RemoveWriter(IFileDescriptor writer) => Remove(writer, Interest.Write);

    /// <inheritdoc/>
    public IReadOnlyList<IFileDescriptor> RemoveAll()
    {
        CheckThread();
        var removed = new List<IFileDescriptor>();
        foreach (var entry in new List<Entry>(_entries.Values))
        {
            if (entry.Internal)
            {
                continue;
            }

            removed.Add(entry.Descriptor);
            RemoveEntry(entry);
        }

        return removed;
    }

    /// <inheritdoc/>
    public IReadOnlyList<IFileDescriptor> GetReaders() => Select(Interest.Read);

    /// <inheritdoc/>
    public IReadOnlyList<IFileDescriptor> GetWriters() => Select(Interest.Write);

    private List<IFileDescriptor> Select(Interest interest)
    {
        CheckThread();
        var result = new List<IFileDescriptor>();
        foreach (var entry in _entries.Values)
        {
            if (!entry.Internal && (entry.Interest & interest) != 0)
            {
                result.Add(entry.Descriptor);
            }
        }

        return result;
    }

    private void Add(IFileDescriptor descriptor, Interest interest)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckThread();
        ThrowIfDisposed();
        int fd = descriptor.FileNo();
        if (fd < 0)
        {
            throw new IOException($"Cannot watch {descriptor.GetType().Name}: its FileNo() is {fd} (closed).");
        }

        if (_entries.TryGetValue(fd, out var entry))
        {
            entry.Descriptor = descriptor;
            if ((entry.Interest & interest) != 0)
            {
                return;
            }
        }
        else
        {
            entry = new Entry(fd, descriptor);
        }

        var newInterest = entry.Interest | interest;
        if (!entry.Continuous)
        {
            try
            {
                UpdateInterest(fd, entry.Interest, newInterest);
            }
            catch (IOException e) when (e.HResult == LibC.EPERM && FallsBackToContinuousPolling && entry.Interest == Interest.None)
            {
                entry.Continuous = true;
                _continuous.Add(entry);
            }
        }

        entry.Interest = newInterest;
        _entries[fd] = entry;
    }

    private void Remove(IFileDescriptor descriptor, Interest interest)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        CheckThread();
        var entry = Find(descriptor);
        if (entry is null || (entry.Interest & interest) == 0)
        {
            return;
        }

        var newInterest = entry.Interest & ~interest;
        if (newInterest == Interest.None)
        {
            RemoveEntry(entry);
            return;
        }

        if (!entry.Continuous)
        {
            UpdateInterestIgnoringClosed(entry.Fd, entry.Interest, newInterest);
        }

        entry.Interest = newInterest;
    }

    private Entry? Find(IFileDescriptor descriptor)
    {
        int fd = descriptor.FileNo();
        if (fd >= 0)
        {
            return _entries.TryGetValue(fd, out var entry) ? entry : null;
        }

        // A closed descriptor (FileNo -1): find it by identity, as Twisted does.
        foreach (var entry in _entries.Values)
        {
            if (ReferenceEquals(entry.Descriptor, descriptor))
            {
                return entry;
            }
        }

        return null;
    }

    private void RemoveEntry(Entry entry)
    {
        if (entry.Continuous)
        {
            _continuous.Remove(entry);
        }
        else
        {
            UpdateInterestIgnoringClosed(entry.Fd, entry.Interest, Interest.None);
        }

        entry.Interest = Interest.None;
        _entries.Remove(entry.Fd);
    }

    private void UpdateInterestIgnoringClosed(int fd, Interest oldInterest, Interest newInterest)
    {
        try
        {
            UpdateInterest(fd, oldInterest, newInterest);
        }
        catch (IOException e) when (e.HResult is LibC.EBADF or LibC.ENOENT)
        {
            // The descriptor was closed before it was removed; the kernel already forgot it.
        }
    }

    /// <inheritdoc/>
    protected override double? AdjustTimeout(double? timeoutSeconds) =>
        _continuous.Count == 0 ? timeoutSeconds : Math.Min(timeoutSeconds ?? 0.001, 0.001);

    /// <summary>Dispatches the continuously polled descriptors (always ready); subclasses call it after waiting.</summary>
    private protected void DispatchContinuous()
    {
        if (_continuous.Count == 0)
        {
            return;
        }

        foreach (var entry in _continuous.ToArray())
        {
            if (entry.Interest != Interest.None)
            {
                Dispatch(entry.Fd, (entry.Interest & Interest.Read) != 0, (entry.Interest & Interest.Write) != 0, false);
            }
        }
    }

    /// <summary>
    /// Handles one readiness event for <paramref name="fd"/> (Twisted's <c>_doReadOrWrite</c>).
    /// </summary>
    private protected void Dispatch(int fd, bool readable, bool writable, bool hangUpOrError)
    {
        if (!_entries.TryGetValue(fd, out var entry))
        {
            return;
        }

        var selectable = entry.Descriptor;
        Exception? why = null;
        bool inRead = false;
        long start = SlowCallbackTimestamp();
        if (hangUpOrError && !readable)
        {
            // Disconnect only once pending input has been read.
            if ((entry.Interest & Interest.Read) != 0)
            {
                inRead = true;
                why = new ConnectionDoneException();
            }
            else
            {
                why = new ConnectionLostException();
            }
        }
        else
        {
            try
            {
                if (selectable.FileNo() == -1)
                {
                    why = new ConnectionLostException("The descriptor's FileNo() is -1: it was closed while watched.");
                }
                else
                {
                    if (readable && (entry.Interest & Interest.Read) != 0)
                    {
                        why = selectable.DoRead();
                        inRead = true;
                    }

                    if (why is null && writable && (entry.Interest & Interest.Write) != 0 && _entries.ContainsKey(fd))
                    {
                        why = selectable.DoWrite();
                        inRead = false;
                    }
                }
            }
            catch (Exception e)
            {
                Logger.LogError(e, "Unhandled exception in {Descriptor}.{Method}; disconnecting it.",
                    selectable.GetType().FullName, inRead ? "DoRead" : "DoWrite");
                why = e;
            }
        }

        if (why is not null)
        {
            DisconnectSelectable(selectable, why, inRead);
        }

        if (start != 0)
        {
            ReportSlowDispatch(start, selectable, inRead);
        }
    }

    // Separate so that the closure is allocated only when measuring, not on every dispatch.
    private void ReportSlowDispatch(long start, IFileDescriptor selectable, bool wasRead) =>
        ReportIfSlow(start, () => $"{selectable.GetType().FullName}.{(wasRead ? "DoRead" : "DoWrite")}");

    /// <summary>Disconnects the descriptor registered for <paramref name="fd"/> with a <see cref="ConnectionLostException"/> (it was found closed).</summary>
    private protected void DisconnectClosed(int fd)
    {
        if (_entries.TryGetValue(fd, out var entry) && !entry.Internal)
        {
            DisconnectSelectable(entry.Descriptor, new ConnectionLostException("The descriptor was closed while watched."), false);
        }
    }

    private void DisconnectSelectable(IFileDescriptor selectable, Exception why, bool isRead)
    {
        RemoveReader(selectable);
        var failure = new Failure(why);
        try
        {
            if (isRead && why.GetType() == typeof(ConnectionDoneException) && selectable is IHalfCloseableDescriptor halfCloseable)
            {
                halfCloseable.ReadConnectionLost(failure);
            }
            else
            {
                RemoveWriter(selectable);
                selectable.ConnectionLost(failure);
            }
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Unhandled exception in {Descriptor}.ConnectionLost.", selectable.GetType().FullName);
        }
    }

    /// <summary>"During shutdown": every reader and writer gets <c>ConnectionLost</c> with a <see cref="ConnectionLostException"/>.</summary>
    protected override void DisconnectAll()
    {
        foreach (var selectable in RemoveAll())
        {
            try
            {
                selectable.ConnectionLost(new Failure(new ConnectionLostException()));
            }
            catch (Exception e)
            {
                Logger.LogError(e, "Unhandled exception in {Descriptor}.ConnectionLost.", selectable.GetType().FullName);
            }
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _waker?.Dispose();
        _waker = null;
    }

    /// <summary>Converts a timeout in seconds to whole milliseconds for poll/epoll_wait, rounding up; -1 for "forever".</summary>
    private protected static int TimeoutMilliseconds(double? timeoutSeconds)
    {
        if (timeoutSeconds is not { } seconds)
        {
            return -1;
        }

        double ms = Math.Ceiling(seconds * 1000.0);
        return ms >= int.MaxValue ? int.MaxValue : (int)Math.Max(0, ms);
    }
}
