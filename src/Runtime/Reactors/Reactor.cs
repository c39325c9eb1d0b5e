using System;
using System.Threading;

namespace Torsion;

/// <summary>
/// The process-wide reactor (Twisted's <c>twisted.internet.reactor</c>). The first use of
/// <see cref="Instance"/> installs the platform default (<see cref="CreateDefault"/>); to use another
/// reactor, install it first, e.g. <c>SelectReactor.Install()</c>. Code and tests that do not want a
/// global simply construct a reactor (<c>new EpollReactor()</c>) and pass it around.
/// </summary>
public static class Reactor
{
    private static readonly object Lock = new();
    private static IReactor? _installed;

    /// <summary>The global reactor, installing the platform default on first use.</summary>
    public static IReactor Instance
    {
        get
        {
            var installed = Volatile.Read(ref _installed);
            if (installed is not null)
            {
                return installed;
            }

            lock (Lock)
            {
                return _installed ??= CreateDefault();
            }
        }
    }

    /// <summary>True once a global reactor was installed or <see cref="Instance"/> was used.</summary>
    public static bool IsInstalled => Volatile.Read(ref _installed) is not null;

    /// <summary>
    /// Makes <paramref name="reactor"/> the global reactor (Twisted's <c>installReactor</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> is null.</exception>
    /// <exception cref="ReactorAlreadyInstalledException">A reactor was already installed, or
    /// <see cref="Instance"/> was already used (which installs the default).</exception>
    public static void Install(IReactor reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        lock (Lock)
        {
            ThrowIfInstalled();
            _installed = reactor;
        }
    }

    /// <summary>
    /// Creates a new instance of the platform's default reactor: <see cref="EpollReactor"/> on Linux
    /// (<see cref="PollReactor"/> if epoll is unavailable), <see cref="PollReactor"/> on other POSIX
    /// systems except macOS, <see cref="CompletionReactor"/> on Windows, <see cref="SelectReactor"/> otherwise.
    /// </summary>
    public static IReactor CreateDefault()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return new EpollReactor();
            }
            catch (Exception e) when (e is System.IO.IOException or DllNotFoundException or EntryPointNotFoundException)
            {
                return new PollReactor();
            }
        }

        if (OperatingSystem.IsWindows())
        {
            return new CompletionReactor();
        }

        if (!OperatingSystem.IsMacOS())
        {
            return new PollReactor();
        }

        return new SelectReactor();
    }

    /// <exception cref="ReactorAlreadyInstalledException">A global reactor exists.</exception>
    internal static void ThrowIfInstalled()
    {
        if (IsInstalled)
        {
            throw new ReactorAlreadyInstalledException();
        }
    }

    /// <summary>Forgets the global reactor (tests only; the old one is not stopped or disposed).</summary>
    internal static void ResetForTests()
    {
        lock (Lock)
        {
            _installed = null;
        }
    }
}
