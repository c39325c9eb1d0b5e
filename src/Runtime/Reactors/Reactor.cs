using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>
/// The process-wide reactor (Twisted's <c>twisted.internet.reactor</c>). The first use of
/// <see cref="Instance"/> installs the platform default (<see cref="CreateDefault()"/>); to use another
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
                return _installed ??= CreateDefault(GlobalLogger.Instance);
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
    public static IReactor CreateDefault() => CreateDefault(null);

    /// <summary>Like <see cref="CreateDefault()"/>, logging to <paramref name="logger"/> (nowhere when null).</summary>
    /// <param name="logger">Where the reactor logs callback exceptions and diagnostics.</param>
    public static IReactor CreateDefault(ILogger? logger)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return new EpollReactor(logger);
            }
            catch (Exception e) when (e is System.IO.IOException or DllNotFoundException or EntryPointNotFoundException)
            {
                return new PollReactor(logger);
            }
        }

        if (OperatingSystem.IsWindows())
        {
            return new CompletionReactor(logger);
        }

        if (!OperatingSystem.IsMacOS())
        {
            return new PollReactor(logger);
        }

        return new SelectReactor(logger);
    }

    private static ILogger s_logger = StandardErrorLogger.WithExceptions;

    /// <summary>
    /// Where the default global reactor (the one <see cref="Instance"/> creates) and
    /// <see cref="React.Run(Func{IReactor, Deferred}, IReactor?, ILogger?)"/> log: a callback that
    /// throws, a failed main. Standard error by default, as in Twisted. Set it (at any time) to route
    /// these records to your <see cref="ILogger"/>; set <see cref="Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance"/>
    /// to silence them. Reactors you construct or install yourself log to the logger given to them.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static ILogger Logger
    {
        get => Volatile.Read(ref s_logger);
        set => Volatile.Write(ref s_logger, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The default global reactor's logger: forwards to whatever <see cref="Logger"/> is now.</summary>
    private sealed class GlobalLogger : ILogger
    {
        public static readonly GlobalLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => Logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Logger.Log(logLevel, eventId, state, exception, formatter);
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
