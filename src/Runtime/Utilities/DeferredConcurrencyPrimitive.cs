using System;
using System.Runtime.CompilerServices;

namespace Torsion;

/// <summary>
/// What <see cref="DeferredLock"/> and <see cref="DeferredSemaphore"/> have in common (Twisted's
/// <c>_ConcurrencyPrimitive</c>): acquiring returns a Deferred, releasing hands over to the oldest
/// waiter, and <see cref="Run{TResult}(Func{Deferred{TResult}})"/> brackets an operation.
/// </summary>
/// <typeparam name="TSelf">The primitive's own type: <see cref="Acquire"/> fires with the primitive.</typeparam>
/// <remarks>
/// Not thread-safe: use a primitive on one thread (the reactor's). Hand-offs never recurse: when a
/// waiter's callback releases again, the next waiter fires after that callback has returned, so
/// any number of waiters that release synchronously run in constant stack.
/// </remarks>
public abstract class DeferredConcurrencyPrimitive<TSelf>
    where TSelf : DeferredConcurrencyPrimitive<TSelf>
{
    private protected DeferredConcurrencyPrimitive()
    {
    }

    /// <summary>
    /// Acquires the primitive: returns a Deferred that fires with it, at once if it is free,
    /// otherwise when every earlier waiter has had its turn (first come, first served). Cancelling
    /// the Deferred while it waits removes it from the waiting list and fails it with
    /// <see cref="CancelledException"/>; cancelling it after it fired does nothing.
    /// </summary>
    public abstract Deferred<TSelf> Acquire();

    /// <summary>Releases what one <see cref="Acquire"/> obtained, handing it to the oldest waiter if there is one.</summary>
    /// <exception cref="InvalidOperationException">Released more times than acquired.</exception>
    public abstract void Release();

    /// <summary>
    /// Acquires, then calls <paramref name="function"/>, then releases when the Deferred it returned
    /// has fired, with success or failure (Twisted's <c>run</c>). The result is that Deferred's
    /// result. If <paramref name="function"/> throws, the primitive is released and the result fails
    /// with the exception.
    /// </summary>
    /// <typeparam name="TResult">The operation's result type.</typeparam>
    /// <param name="function">The operation to run while holding the primitive.</param>
    /// <returns>A Deferred of the operation's result; cancelling it while it waits to acquire withdraws the request, and cancelling it while the operation runs cancels the operation's Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    [OverloadResolutionPriority(1)]
    public Deferred<TResult> Run<TResult>(Func<Deferred<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Acquire().AddCallback<TResult>(_ => Deferred.MaybeDeferred(function).AddFinally(Release));
    }

    /// <summary>
    /// Acquires, calls <paramref name="function"/>, releases, and fires with its value (or fails
    /// with what it threw).
    /// </summary>
    /// <typeparam name="TResult">The operation's result type.</typeparam>
    /// <param name="function">The operation to run while holding the primitive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TResult"/> is a Deferred type (use the Deferred overloads).</exception>
    public Deferred<TResult> Run<TResult>(Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (typeof(Deferred).IsAssignableFrom(typeof(TResult)))
        {
            // Only reachable with an explicit type argument or a Func<SomeDeferred> variable: lambdas
            // returning a Deferred bind to the Deferred overloads, which wait for it.
            throw new ArgumentException(
                "Run<" + typeof(TResult).Name + ">: the function returns a Deferred, whose result a Deferred<" + typeof(TResult).Name
                + "> cannot hold. Pass it as Func<Deferred> (the untyped overload) or return a Deferred<T>.",
                nameof(function));
        }

        return Acquire().AddCallback<TResult>(_ => Deferred.MaybeDeferred(function).AddFinally(Release));
    }

    /// <summary>
    /// The untyped <see cref="Run{TResult}(Func{Deferred{TResult}})"/>: acquires, calls
    /// <paramref name="function"/> as <see cref="Deferred.MaybeDeferred(Func{object})"/> does, and
    /// releases when its result is available; the result (value or failure) passes through.
    /// </summary>
    /// <param name="function">The operation to run while holding the primitive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    [OverloadResolutionPriority(1)]
    public Deferred Run(Func<Deferred> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        // Untyped on purpose: the result is the untyped Deferred's result, whatever its type.
        Func<object?> call = () => function();
        return ((Deferred)Acquire()).AddCallback(_ => Deferred.MaybeDeferred(call).AddBoth(ReleaseAndReturn));
    }

    /// <summary>Acquires, calls <paramref name="action"/>, releases; fires with null, or fails with what it threw.</summary>
    /// <param name="action">The operation to run while holding the primitive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public Deferred Run(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ((Deferred)Acquire()).AddCallback(_ => Deferred.Execute(action).AddBoth(ReleaseAndReturn));
    }

    /// <summary>
    /// Acquires and fires with a scope whose disposal releases: the form of Twisted's
    /// <c>async with lock:</c>. In an async method:
    /// <c>using (await primitive.AcquireScope()) { … }</c> or <c>await using</c>.
    /// </summary>
    /// <returns>A Deferred of the scope; cancelling it while it waits withdraws the request.</returns>
    public Deferred<AcquiredScope> AcquireScope() => Acquire().AddCallback(static primitive => new AcquiredScope(primitive.Release));

    private object? ReleaseAndReturn(object? result)
    {
        Release();
        return result;
    }
}
