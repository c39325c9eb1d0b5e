using System;
using System.Collections.Generic;

namespace Torsion;

/// <summary>
/// Helpers for <see cref="InlineCallbacksAttribute"/> methods: <see cref="Return{T}(T)"/> gives the
/// method's result, <see cref="Settle{T}(Deferred{T})"/> lets the body look at a failure instead of
/// having it raised, and <see cref="Run(IEnumerable{Deferred})"/> runs an iterator without the
/// generator.
/// </summary>
public static class InlineCallbacks
{
    /// <summary>
    /// Ends the body with <paramref name="value"/> as the result of the returned
    /// <see cref="Deferred{T}"/> (Twisted's <c>returnValue</c> / <c>return value</c>). Use it only as
    /// <c>yield return InlineCallbacks.Return(value);</c> (the generator reports TRS107 otherwise).
    /// Enclosing finally blocks run before the Deferred fires.
    /// </summary>
    /// <typeparam name="T">The result type; every Return of one method must use the same type.</typeparam>
    /// <param name="value">The result.</param>
    /// <returns>
    /// A fired marker Deferred that tells <see cref="Run{T}(IEnumerable{Deferred})"/> to finish; the
    /// generated code never creates it.
    /// </returns>
    public static Deferred Return<T>(T value) => Deferred.Succeed((object?)new InlineCallbacksReturnValue(value));

    /// <summary>
    /// A settled view of <paramref name="deferred"/>: a Deferred that never fails and fires, once
    /// <paramref name="deferred"/> has a result, with a <see cref="Settled{T}"/> holding either its value
    /// or its <see cref="Failure"/>. C# forbids <c>yield</c> inside <c>try</c>/<c>catch</c>; yield the
    /// settled view instead to handle a failure inline:
    /// <code>
    /// var page = InlineCallbacks.Settle(client.Get(url));
    /// yield return page;
    /// if (page.Result.Failed) { Log(page.Result.Failure); } else { Use(page.Result.Value); }
    /// </code>
    /// The failure counts as handled. Cancelling the view cancels <paramref name="deferred"/>.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="deferred">The Deferred to observe; its result is left in place.</param>
    /// <returns>The settled view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deferred"/> is null.</exception>
    public static Deferred<Settled<T>> Settle<T>(Deferred<T> deferred)
    {
        ArgumentNullException.ThrowIfNull(deferred);
        var settled = new Deferred<Settled<T>>();
        // Cancelling the view only cancels the observed Deferred; the view fires when that one has a
        // result (a CancelledException becomes a settled failure), so it never fails itself, even
        // when the observed Deferred goes on unfired (an inlineCallbacks body that catches the cancellation).
        settled.SetCancelHandler(_ => deferred.Cancel());
        deferred.AddContinuation(() =>
        {
            Settled<T> outcome;
            if (deferred.IsFailed)
            {
                deferred.MarkFailureHandled();
                outcome = new Settled<T>(deferred.CurrentFailure!);
            }
            else
            {
                outcome = new Settled<T>(deferred.Result);
            }

            if (!settled.Called)
            {
                settled.ResolveAsTail(outcome);
            }
        });
        return settled;
    }

    /// <summary>
    /// A settled view of an untyped <paramref name="deferred"/>; see <see cref="Settle{T}(Deferred{T})"/>.
    /// </summary>
    /// <param name="deferred">The Deferred to observe; its result is left in place.</param>
    /// <returns>The settled view, whose value is the Deferred's result object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deferred"/> is null.</exception>
    public static Deferred<Settled<object?>> Settle(Deferred deferred)
    {
        ArgumentNullException.ThrowIfNull(deferred);
        var settled = new Deferred<Settled<object?>>();
        // Cancelling the view only cancels the observed Deferred; the view fires when that one has a
        // result (a CancelledException becomes a settled failure), so it never fails itself, even
        // when the observed Deferred goes on unfired (an inlineCallbacks body that catches the cancellation).
        settled.SetCancelHandler(_ => deferred.Cancel());
        deferred.AddContinuation(() =>
        {
            Settled<object?> outcome;
            if (deferred.IsFailed)
            {
                deferred.MarkFailureHandled();
                outcome = new Settled<object?>(deferred.CurrentFailure!);
            }
            else
            {
                outcome = new Settled<object?>(deferred.CurrentResultBoxed);
            }

            if (!settled.Called)
            {
                settled.ResolveAsTail(outcome);
            }
        });
        return settled;
    }

    /// <summary>
    /// Runs an inlineCallbacks iterator at run time, without the source generator: the reference
    /// driver (the generated code behaves identically and is faster). Starts at once; each yielded
    /// Deferred is waited for; a failure ends the iterator at that point (its finally blocks run,
    /// exactly as if the failure were raised at the <c>yield</c>) and fails the returned Deferred.
    /// </summary>
    /// <param name="body">The iterator; it is enumerated once.</param>
    /// <returns>A Deferred that fires with null when the iterator ends, or fails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static Deferred Run(IEnumerable<Deferred> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var driver = new IteratorDriver<object?>(typed: false);
        driver.Start(body);
        return driver.Completion;
    }

    /// <summary>
    /// Runs an inlineCallbacks iterator that ends with <c>yield return InlineCallbacks.Return(value)</c>;
    /// see <see cref="Run(IEnumerable{Deferred})"/>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="body">The iterator; it is enumerated once.</param>
    /// <returns>
    /// A Deferred that fires with the returned value (default when the iterator ends without one), or
    /// fails; it fails with <see cref="InvalidCastException"/> when the returned value is not a <typeparamref name="T"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static Deferred<T> Run<T>(IEnumerable<Deferred> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var driver = new IteratorDriver<T>(typed: true);
        driver.Start(body);
        return (Deferred<T>)driver.Completion;
    }
}
