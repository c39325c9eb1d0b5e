using System;

namespace Torsion;

// Callbacks with an extra argument: Twisted's addCallback(f, *args) and addCallbacks(..., callbackArgs,
// errbackArgs). The argument is given once, when the callback is added, and passed on every call; a
// static lambda or a method group then needs no closure over it.
public partial class Deferred
{
    /// <summary>
    /// Adds a callback that gets the current value and <paramref name="state"/> (Twisted's
    /// <c>addCallback(f, arg)</c>); failures pass it by. What it returns is the next result, as
    /// for <see cref="AddCallback(Func{object?, object?})"/>.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="callback">Gets the current value and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="callback"/> as its second argument.</param>
    /// <returns>The Deferred to add further callbacks to (see <see cref="AddCallbacks"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallback<TState>(Func<object?, TState, object?> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ToUntyped().AddCallbacksCore(new BoundCallback<object?, TState, object?>(callback, state).Invoke, null);
    }

    /// <summary>
    /// Adds an errback that gets the <see cref="Failure"/> and <paramref name="state"/> (Twisted's
    /// <c>addErrback(f, arg)</c>); values pass it by. Return a value to recover, return the Failure
    /// (or throw) to pass it on.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="errback">Gets the failure and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="errback"/> as its second argument.</param>
    /// <returns>The Deferred to add further callbacks to (see <see cref="AddCallbacks"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddErrback<TState>(Func<Failure, TState, object?> errback, TState state)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return ToUntyped().AddCallbacksCore(null, new BoundCallback<Failure, TState, object?>(errback, state).Invoke);
    }

    /// <summary>
    /// Adds a callback and an errback as one step, each getting <paramref name="state"/> as its
    /// second argument (Twisted's <c>addCallbacks</c> with <c>callbackArgs</c> and
    /// <c>errbackArgs</c>). Either may be null to pass that kind of result on.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="callback">Runs on a value; null passes values on.</param>
    /// <param name="errback">Runs on a failure; null passes failures on.</param>
    /// <param name="state">Passed to whichever of the two runs.</param>
    /// <returns>The Deferred to add further callbacks to (see <see cref="AddCallbacks"/>).</returns>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallbacks<TState>(Func<object?, TState, object?>? callback, Func<Failure, TState, object?>? errback, TState state)
        => ToUntyped().AddCallbacksCore(
            callback is null ? null : new BoundCallback<object?, TState, object?>(callback, state).Invoke,
            errback is null ? null : new BoundCallback<Failure, TState, object?>(errback, state).Invoke);

    /// <summary>
    /// Adds <paramref name="both"/> as callback and errback (Twisted's <c>addBoth(f, arg)</c>): it
    /// gets the value or the <see cref="Failure"/>, and <paramref name="state"/>; what it returns is
    /// the next result.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="both">Gets the current result (value or Failure) and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="both"/> as its second argument.</param>
    /// <returns>The Deferred to add further callbacks to (see <see cref="AddCallbacks"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="both"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddBoth<TState>(Func<object?, TState, object?> both, TState state)
    {
        ArgumentNullException.ThrowIfNull(both);
        var bound = new BoundUntypedBoth<TState>(both, state);
        return ToUntyped().AddCallbacksCore(bound.OnValue, bound.OnFailure);
    }
}
