using System;

namespace Torsion;

/// <summary>
/// The task helpers that need only a clock (Twisted's module-level <c>task.deferLater</c>,
/// <c>task.cooperate</c> and <c>task.coiterate</c>), as extension methods on <see cref="IReactorTime"/>:
/// <c>reactor.DeferLater(TimeSpan.FromSeconds(1), () =&gt; 42)</c>, <c>reactor.CoIterate(Work())</c>.
/// </summary>
public static partial class ReactorTimeExtensions
{
    /// <summary>
    /// Returns a Deferred that fires with null once <paramref name="delay"/> has passed on
    /// <paramref name="clock"/> (Twisted's <c>deferLater(clock, delay)</c>). Cancelling it before then
    /// cancels the timer and fails it with <see cref="CancelledException"/>.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Deferred DeferLater(this IReactorTime clock, TimeSpan delay)
        => DeferLater(clock, delay, static () => { });

    /// <summary>
    /// Returns a Deferred that, once <paramref name="delay"/> has passed, runs <paramref name="callable"/>
    /// and fires with null, or fails with what it threw (Twisted's <c>deferLater</c> with a function that
    /// returns nothing). Cancelling it before then cancels the timer, so the action never runs, and fails it
    /// with <see cref="CancelledException"/>.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Deferred DeferLater(this IReactorTime clock, TimeSpan delay, Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        return DeferLaterUntyped(clock, delay, () =>
        {
            callable();
            return null;
        });
    }

    /// <summary>
    /// Returns a Deferred that, once <paramref name="delay"/> has passed, runs <paramref name="callable"/>
    /// and fires with its result (the default of <typeparamref name="T"/> when <paramref name="callable"/>
    /// is null), or fails with what it threw (Twisted's <c>deferLater</c>). Cancelling it before the delay
    /// has passed cancels the timer, so the function never runs, and fails it with
    /// <see cref="CancelledException"/>.
    /// </summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay, or null.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Deferred<T> DeferLater<T>(this IReactorTime clock, TimeSpan delay, Func<T>? callable)
    {
        Deferred<bool> timer = StartTimer(clock, delay);
        return timer.AddCallback<T>(_ => callable is null ? default! : callable());
    }

    /// <summary>
    /// Returns a Deferred that, once <paramref name="delay"/> has passed, runs <paramref name="callable"/>
    /// and then waits for the Deferred it returns, firing with that Deferred's result (Twisted's
    /// <c>deferLater</c> with a function returning a Deferred). Cancelling it before the delay has passed
    /// cancels the timer, so the function never runs; cancelling it while it waits cancels the function's
    /// Deferred.
    /// </summary>
    /// <typeparam name="T">The result type of the function's Deferred.</typeparam>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <remarks>
    /// Preferred over the <c>Func&lt;T&gt;</c> overload when a function fits both, such as one that only
    /// throws (<c>clock.DeferLater&lt;int&gt;(delay, () =&gt; throw e)</c>): the result is the same failure.
    /// </remarks>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static Deferred<T> DeferLater<T>(this IReactorTime clock, TimeSpan delay, Func<Deferred<T>> callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        Deferred<bool> timer = StartTimer(clock, delay);
        return timer.AddCallback<T>(_ => callable());
    }

    /// <summary>
    /// Returns a Deferred that, once <paramref name="delay"/> has passed, runs <paramref name="callable"/>
    /// and then waits for the (untyped) Deferred it returns, firing with that Deferred's result.
    /// Cancelling it before the delay has passed cancels the timer, so the function never runs; cancelling
    /// it while it waits cancels the function's Deferred.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <remarks>
    /// Preferred over the <c>Action</c> overload when a function fits both, such as one that only
    /// throws (<c>clock.DeferLater(delay, () =&gt; throw e)</c>): the result is the same failure.
    /// </remarks>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static Deferred DeferLater(this IReactorTime clock, TimeSpan delay, Func<Deferred> callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        return DeferLaterUntyped(clock, delay, () => callable());
    }

    /// <summary>The untyped core: a Deferred fired by a timer, whose first callback calls the function.</summary>
    private static Deferred DeferLaterUntyped(IReactorTime clock, TimeSpan delay, Func<object?> callable)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ValidateDelay(delay);
        IDelayedCall? call = null;
        var deferred = new Deferred(_ => call!.Cancel());
        deferred.AddCallback(_ => callable());
        call = clock.CallLater(delay, () => deferred.Callback(null));
        return deferred;
    }

    /// <summary>A typed Deferred fired with true by a timer; cancelling it before then cancels the timer.</summary>
    private static Deferred<bool> StartTimer(IReactorTime clock, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ValidateDelay(delay);
        IDelayedCall? call = null;
        var timer = new Deferred<bool>(_ => call!.Cancel());
        call = clock.CallLater(delay, () => timer.Callback(true));
        return timer;
    }

    private static void ValidateDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must be zero or positive.");
        }
    }
}
