using System;
using Microsoft.Extensions.Logging;

namespace Torsion.Hosting;

/// <summary>How <see cref="TorsionServiceCollectionExtensions.AddTorsion"/> creates and runs the reactor.</summary>
public sealed class TorsionHostOptions
{
    /// <summary>Which reactor to create; <see cref="ReactorKind.Default"/> unless set. Ignored when <see cref="ReactorFactory"/> is set.</summary>
    public ReactorKind Reactor { get; set; } = ReactorKind.Default;

    /// <summary>
    /// Creates the reactor instead of <see cref="Reactor"/>, given the logger the reactor should report to
    /// (category <see cref="LoggerCategory"/>, from the host's logging). Null unless set.
    /// </summary>
    public Func<ILogger, IReactor>? ReactorFactory { get; set; }

    /// <summary>
    /// Whether the reactor installs its own SIGINT/SIGTERM handlers. False by default: the host owns Ctrl+C
    /// and SIGTERM (its console lifetime stops the application, which stops the reactor gracefully, shutdown
    /// triggers included).
    /// </summary>
    public bool InstallSignalHandlers { get; set; }

    /// <summary>
    /// Whether the host stops (<c>IHostApplicationLifetime.StopApplication</c>) when the reactor stops by
    /// itself (<c>reactor.Stop()</c>, a signal, or a failure). True by default: a program whose reactor has
    /// stopped has nothing left to do.
    /// </summary>
    public bool StopHostWhenReactorStops { get; set; } = true;

    /// <summary>
    /// Whether the reactor also becomes the process-wide <see cref="Torsion.Reactor.Instance"/> (for code
    /// that uses the global reactor, such as a <see cref="LoopingCall"/> created without a clock). False by default.
    /// </summary>
    public bool InstallAsGlobalReactor { get; set; }

    /// <summary>The name of the thread the reactor runs on ("Torsion reactor" unless set).</summary>
    public string ThreadName { get; set; } = "Torsion reactor";

    /// <summary>The logger category the reactor reports callback exceptions, signals and slow callbacks under ("Torsion.Reactor" unless set).</summary>
    public string LoggerCategory { get; set; } = "Torsion.Reactor";

    /// <summary>Checks the options before they are used.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Reactor"/> is not a defined kind.</exception>
    /// <exception cref="ArgumentException"><see cref="ThreadName"/> or <see cref="LoggerCategory"/> is null or empty.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Reactor))
        {
            throw new ArgumentOutOfRangeException(nameof(Reactor), Reactor, "Not a reactor kind: use ReactorKind.Default, Epoll, Poll, Select or Completion.");
        }

        if (string.IsNullOrEmpty(ThreadName))
        {
            throw new ArgumentException("The reactor thread needs a name (TorsionHostOptions.ThreadName).", nameof(ThreadName));
        }

        if (string.IsNullOrEmpty(LoggerCategory))
        {
            throw new ArgumentException("The reactor's logger needs a category (TorsionHostOptions.LoggerCategory).", nameof(LoggerCategory));
        }
    }
}
