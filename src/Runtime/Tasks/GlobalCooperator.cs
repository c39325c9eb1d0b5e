using System;
using System.Collections.Generic;

namespace Torsion;

// Twisted's module-level task.cooperate / task.coiterate, with the clock given explicitly: they use the
// cooperator shared by everything on that clock (Cooperator.ForClock).
public static partial class ReactorTimeExtensions
{
    /// <summary>
    /// Runs <paramref name="iterator"/> as a task of the cooperator shared by everything on
    /// <paramref name="clock"/> (<see cref="Cooperator.ForClock"/>): Twisted's <c>task.cooperate</c>.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) whose shared cooperator runs the task.</param>
    /// <param name="iterator">The work: each <c>MoveNext</c> is one unit; a yielded Deferred pauses the task until it fires.</param>
    /// <returns>The task, to pause, resume, stop or wait for.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CooperativeTask Cooperate(this IReactorTime clock, IEnumerator<object?> iterator)
        => Cooperator.ForClock(clock).Cooperate(iterator);

    /// <summary>
    /// Runs the items of <paramref name="iterable"/> as a task of the cooperator shared by everything on
    /// <paramref name="clock"/>.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) whose shared cooperator runs the task.</param>
    /// <param name="iterable">The work; typically an iterator method (<c>yield return</c>).</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CooperativeTask Cooperate(this IReactorTime clock, IEnumerable<object?> iterable)
        => Cooperator.ForClock(clock).Cooperate(iterable);

    /// <summary>
    /// Runs <paramref name="iterator"/> on the cooperator shared by everything on <paramref name="clock"/>
    /// and returns a Deferred that fires with the iterator when it is done (Twisted's <c>task.coiterate</c>).
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) whose shared cooperator runs the work.</param>
    /// <param name="iterator">The work.</param>
    /// <returns>A new Deferred for the end of the work.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Deferred<IEnumerator<object?>> CoIterate(this IReactorTime clock, IEnumerator<object?> iterator)
        => Cooperator.ForClock(clock).CoIterate(iterator);

    /// <summary>
    /// Runs the items of <paramref name="iterable"/> on the cooperator shared by everything on
    /// <paramref name="clock"/> and returns a Deferred that fires with the enumerator when it is done.
    /// </summary>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) whose shared cooperator runs the work.</param>
    /// <param name="iterable">The work.</param>
    /// <returns>A new Deferred for the end of the work.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Deferred<IEnumerator<object?>> CoIterate(this IReactorTime clock, IEnumerable<object?> iterable)
        => Cooperator.ForClock(clock).CoIterate(iterable);
}
