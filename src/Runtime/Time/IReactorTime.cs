namespace Torsion;

/// <summary>
/// Time-based scheduling: the part of a reactor that code needing only timers depends on
/// (Twisted's <c>IReactorTime</c>). Implemented by every reactor and by the deterministic
/// <see cref="Torsion.Testing.Clock"/>.
/// </summary>
/// <remarks>
/// Like every reactor member except <c>CallFromThread</c>, these methods must be called on the
/// thread that runs the reactor (any thread, for a <see cref="Torsion.Testing.Clock"/>).
/// </remarks>
public interface IReactorTime
{
    /// <summary>
    /// The current time in seconds on this clock's own scale. Only differences between two
    /// readings are meaningful; a reactor's clock is monotonic, a <c>Clock</c> starts at 0.
    /// </summary>
    double Seconds();

    /// <summary>
    /// Schedules <paramref name="callable"/> to run once, <paramref name="delay"/> from now.
    /// Calls due at the same time run in the order they were scheduled (FIFO).
    /// </summary>
    /// <param name="delay">How long to wait; <see cref="System.TimeSpan.Zero"/> means "on the next turn".</param>
    /// <param name="callable">What to run. An exception it throws is logged; the clock goes on.</param>
    /// <returns>A handle that can cancel, reset or delay the call.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    IDelayedCall CallLater(System.TimeSpan delay, System.Action callable);

    /// <summary>
    /// Schedules <c>callable(state)</c> to run once, <paramref name="delay"/> from now: the
    /// state-passing form of <see cref="CallLater(System.TimeSpan, System.Action)"/>, so a cached
    /// (e.g. static) lambda needs no closure. Reactors store the state in the delayed call itself;
    /// this default implementation (used by clocks that do not override it) wraps it in a closure.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to <paramref name="callable"/>.</typeparam>
    /// <param name="delay">How long to wait; <see cref="System.TimeSpan.Zero"/> means "on the next turn".</param>
    /// <param name="callable">What to run. An exception it throws is logged; the clock goes on.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <returns>A handle that can cancel, reset or delay the call.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    IDelayedCall CallLater<TState>(System.TimeSpan delay, System.Action<TState> callable, TState state)
    {
        System.ArgumentNullException.ThrowIfNull(callable);
        return CallLater(delay, () => callable(state));
    }

    /// <summary>
    /// The calls scheduled on this clock that have neither run nor been cancelled, in no
    /// particular order.
    /// </summary>
    System.Collections.Generic.IReadOnlyList<IDelayedCall> GetDelayedCalls();
}
