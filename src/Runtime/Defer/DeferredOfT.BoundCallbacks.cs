using System;
using System.Runtime.CompilerServices;

namespace Torsion;

// Typed callbacks with an extra argument (Twisted's addCallback(f, *args)). Each overload binds the
// argument and then behaves exactly as the one-argument overload of the same shape: same result
// type, same chaining of returned Deferreds, same retirement of this handle.
public partial class Deferred<T>
{
    /// <summary>Adds a callback that keeps the result type and also gets <paramref name="state"/>; returns this Deferred.</summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="callback">Gets the current value and <paramref name="state"/>; what it returns becomes the next value.</param>
    /// <param name="state">Passed to <paramref name="callback"/> as its second argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(1)] // a callback returning T keeps the handle, as AddCallback(Func<T, T>) does
    public Deferred<T> AddCallback<TState>(Func<T, TState, T> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddCallback(new BoundCallback<T, TState, T>(callback, state).Invoke);
    }

    /// <summary>
    /// Adds a callback that changes the result type and also gets <paramref name="state"/>. The chain
    /// continues under the returned handle; this one is retired.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <typeparam name="TNext">The new result type.</typeparam>
    /// <param name="callback">Gets the current value and <paramref name="state"/>; what it returns becomes the next value.</param>
    /// <param name="state">Passed to <paramref name="callback"/> as its second argument.</param>
    /// <returns>The handle to add further callbacks to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<TNext> AddCallback<TState, TNext>(Func<T, TState, TNext> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddCallback<TNext>(new BoundCallback<T, TState, TNext>(callback, state).Invoke);
    }

    /// <summary>
    /// Adds a callback that gets <paramref name="state"/> too and returns a Deferred: the chain waits
    /// for it and continues with its result (Twisted's chaining). Returns this Deferred.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="callback">Gets the current value and <paramref name="state"/>; the chain waits for the Deferred it returns.</param>
    /// <param name="state">Passed to <paramref name="callback"/> as its second argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(3)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<T> AddCallback<TState>(Func<T, TState, Deferred<T>> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddCallback(new BoundCallback<T, TState, Deferred<T>>(callback, state).Invoke);
    }

    /// <summary>
    /// Adds a callback that gets <paramref name="state"/> too and returns a <see cref="Deferred{TNext}"/>:
    /// the chain waits for it and continues with its result under the returned handle; this one is
    /// retired.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <typeparam name="TNext">The new result type.</typeparam>
    /// <param name="callback">Gets the current value and <paramref name="state"/>; the chain waits for the Deferred it returns.</param>
    /// <param name="state">Passed to <paramref name="callback"/> as its second argument.</param>
    /// <returns>The handle to add further callbacks to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(2)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<TNext> AddCallback<TState, TNext>(Func<T, TState, Deferred<TNext>> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddCallback<TNext>(new BoundCallback<T, TState, Deferred<TNext>>(callback, state).Invoke);
    }

    /// <summary>Adds an errback that also gets <paramref name="state"/> and recovers by returning a value (throw to pass the failure on); returns this Deferred.</summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="errback">Gets the failure and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="errback"/> as its second argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddErrback<TState>(Func<Failure, TState, T> errback, TState state)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return AddErrback(new BoundCallback<Failure, TState, T>(errback, state).Invoke);
    }

    /// <summary>Adds an errback that also gets <paramref name="state"/> and recovers with the result of another Deferred; returns this Deferred.</summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="errback">Gets the failure and <paramref name="state"/>; the chain waits for the Deferred it returns.</param>
    /// <param name="state">Passed to <paramref name="errback"/> as its second argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(1)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<T> AddErrback<TState>(Func<Failure, TState, Deferred<T>> errback, TState state)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return AddErrback(new BoundCallback<Failure, TState, Deferred<T>>(errback, state).Invoke);
    }

    /// <summary>
    /// Adds a callback and an errback that keep the result type as one step, each getting
    /// <paramref name="state"/> as its second argument (Twisted's <c>addCallbacks</c> with
    /// <c>callbackArgs</c> and <c>errbackArgs</c>); returns this Deferred.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="callback">Runs when the current result is a value.</param>
    /// <param name="errback">Runs when the current result is a failure; null passes failures on.</param>
    /// <param name="state">Passed to whichever of the two runs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddCallbacks<TState>(Func<T, TState, T> callback, Func<Failure, TState, T>? errback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddCallbacks(
            new BoundCallback<T, TState, T>(callback, state).Invoke,
            errback is null ? null : new BoundCallback<Failure, TState, T>(errback, state).Invoke);
    }

    /// <summary>
    /// Adds one function for both paths that also gets <paramref name="state"/> (Twisted's
    /// <c>addBoth(f, arg)</c>): the value (default on failure), the <see cref="Failure"/> (null on
    /// success) and <paramref name="state"/>; what it returns is the next value. Returns this Deferred.
    /// </summary>
    /// <typeparam name="TState">The type of the extra argument.</typeparam>
    /// <param name="both">Gets the value or the failure, and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="both"/> as its third argument.</param>
    /// <exception cref="ArgumentNullException"><paramref name="both"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddBoth<TState>(Func<T?, Failure?, TState, T> both, TState state)
    {
        ArgumentNullException.ThrowIfNull(both);
        var bound = new BoundBoth<T, TState>(both, state);
        AddStep(new Step(StepKind.Pair, (Func<T, T>)bound.OnValue, (Func<Failure, T>)bound.OnFailure, null));
        return this;
    }
}
