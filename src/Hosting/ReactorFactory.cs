using System;
using Microsoft.Extensions.Logging;

namespace Torsion.Hosting;

/// <summary>Creates the reactor a <see cref="ReactorKind"/> names, logging to the host's logger.</summary>
internal static class ReactorFactory
{
    /// <summary>Creates a reactor of <paramref name="kind"/> that reports to <paramref name="logger"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    internal static IReactor Create(ReactorKind kind, ILogger logger) => kind switch
    {
        ReactorKind.Default => Reactor.CreateDefault(logger),
        ReactorKind.Epoll => new EpollReactor(logger),
        ReactorKind.Poll => new PollReactor(logger),
        ReactorKind.Select => new SelectReactor(logger),
        ReactorKind.Completion => new CompletionReactor(logger),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a reactor kind."),
    };
}
