using System;

namespace Torsion;

/// <summary>
/// The hook through which the task helpers (<see cref="LoopingCall"/>, <see cref="Cooperator"/>) find the
/// global reactor when the caller did not give them a clock, the way Twisted's <c>task</c> module imports
/// <c>twisted.internet.reactor</c>. The reactor layer fills <see cref="Provider"/>; the helpers resolve it
/// lazily, at the moment they first need to schedule something, so creating a helper never creates a
/// reactor.
/// </summary>
internal static class DefaultReactorTime
{
    /// <summary>
    /// Returns the global reactor's time services, or null when there is no global reactor. Set by the
    /// reactor layer (same assembly); null until then.
    /// </summary>
    internal static Func<IReactorTime?>? Provider { get; set; }

    /// <summary>Resolves the global reactor for <paramref name="user"/>.</summary>
    /// <param name="user">Who needs a clock, for the error message (e.g. "LoopingCall").</param>
    /// <returns>The global reactor's time services.</returns>
    /// <exception cref="InvalidOperationException">There is no global reactor.</exception>
    internal static IReactorTime Resolve(string user)
    {
        return Provider?.Invoke()
            ?? throw new InvalidOperationException(
                user + " has no clock: no global reactor is available. Pass an IReactorTime (a reactor, or a Torsion.Testing.Clock in tests) explicitly.");
    }
}
