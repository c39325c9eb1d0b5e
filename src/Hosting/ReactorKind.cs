namespace Torsion.Hosting;

/// <summary>Which reactor <see cref="TorsionServiceCollectionExtensions.AddTorsion"/> creates.</summary>
public enum ReactorKind
{
    /// <summary>
    /// The platform's default, as <see cref="Torsion.Reactor.CreateDefault(Microsoft.Extensions.Logging.ILogger)"/> chooses it: epoll on Linux
    /// (poll if epoll is unavailable), I/O completion ports on Windows, poll on other POSIX systems, select on macOS.
    /// </summary>
    Default,

    /// <summary><see cref="EpollReactor"/> (Linux only).</summary>
    Epoll,

    /// <summary><see cref="PollReactor"/> (POSIX).</summary>
    Poll,

    /// <summary><see cref="SelectReactor"/> (any platform).</summary>
    Select,

    /// <summary><see cref="CompletionReactor"/> (I/O completion ports; built for Windows).</summary>
    Completion,
}
