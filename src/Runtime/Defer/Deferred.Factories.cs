using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Torsion;

// Twisted's succeed, fail, execute and maybeDeferred.
public partial class Deferred
{
    /// <summary>An untyped Deferred that has already fired with <paramref name="result"/> (Twisted's <c>succeed</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is a Deferred.</exception>
    public static Deferred Succeed(object? result)
    {
        if (result is Failure or Deferred)
        {
            // The failure path, or the error for a Deferred given as a result: Callback's rules.
            var deferred = new Deferred();
            deferred.Callback(result);
            return deferred;
        }

        return new Deferred(result, BornSucceededFlag, FiredTag.Fired);
    }

    /// <summary>A Deferred that has already fired with <paramref name="result"/> (Twisted's <c>succeed</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Deferred<T> Succeed<T>(T result)
    {
        if (result is Failure || result is Deferred)
        {
            // Only possible when T is object or a base of these: Callback's rules.
            var deferred = new Deferred<T>();
            deferred.Callback(result);
            return deferred;
        }

        return Deferred<T>.CreateFired(result);
    }

    /// <summary>An untyped Deferred that has already failed with <paramref name="failure"/> (Twisted's <c>fail</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    public static Deferred Fail(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new Deferred(failure, 0, FiredTag.Fired);
    }

    /// <summary>An untyped Deferred that has already failed with <paramref name="exception"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Deferred Fail(Exception exception) => Fail(new Failure(exception ?? throw new ArgumentNullException(nameof(exception))));

    /// <summary>A typed Deferred that has already failed with <paramref name="failure"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    public static Deferred<T> Fail<T>(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Deferred<T>.CreateFailed(failure);
    }

    /// <summary>A typed Deferred that has already failed with <paramref name="exception"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Deferred<T> Fail<T>(Exception exception) => Fail<T>(new Failure(exception ?? throw new ArgumentNullException(nameof(exception))));

    /// <summary>
    /// Calls <paramref name="function"/> now and returns a fired Deferred with its result, or with
    /// the failure if it threw (Twisted's <c>execute</c>). A returned Deferred is not waited on: it
    /// becomes the result as it is.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Deferred<T> Execute<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        T result;
        try
        {
            result = function();
        }
        catch (Exception exception)
        {
            return Fail<T>(Failure.FromCaught(exception, null, function));
        }

        // Kept as the value whatever it is (a Failure or Deferred too): Execute does not interpret it.
        return Deferred<T>.CreateFired(result);
    }

    /// <summary>Calls <paramref name="action"/> now; returns a Deferred fired with null, or with the failure if it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public static Deferred Execute(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return Fail(Failure.FromCaught(exception, null, action));
        }

        return Succeed((object?)null);
    }

    /// <summary>
    /// Calls <paramref name="function"/> and always returns a Deferred (Twisted's
    /// <c>maybeDeferred</c>): a returned Deferred as it is, a returned <see cref="Failure"/> as a
    /// failed Deferred, a returned <see cref="Task"/> as a Deferred that fires when the task
    /// completes, any other value as a fired Deferred; an exception becomes a failed Deferred.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Deferred MaybeDeferred(Func<object?> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        object? result;
        try
        {
            result = function();
        }
        catch (Exception exception)
        {
            return Fail(Failure.FromCaught(exception, null, function));
        }

        return result switch
        {
            Deferred deferred => deferred,
            Failure failure => Fail(failure),
            Task task => FromTask(task),
            _ => Succeed(result),
        };
    }

    /// <summary>Calls <paramref name="function"/>; returns the Deferred it returns, or a failed Deferred if it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    [OverloadResolutionPriority(2)] // a returned Deferred or Task is waited on, never taken as a value
    public static Deferred MaybeDeferred(Func<Deferred> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        try
        {
            return function() ?? Fail(new InvalidOperationException(Failure.Describe(function) + " returned a null Deferred."));
        }
        catch (Exception exception)
        {
            return Fail(Failure.FromCaught(exception, null, function));
        }
    }

    /// <summary>Calls <paramref name="function"/>; returns the Deferred it returns, or a failed Deferred if it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    [OverloadResolutionPriority(3)] // a returned Deferred or Task is waited on, never taken as a value
    public static Deferred<T> MaybeDeferred<T>(Func<Deferred<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        try
        {
            return function() ?? Fail<T>(new InvalidOperationException(Failure.Describe(function) + " returned a null Deferred."));
        }
        catch (Exception exception)
        {
            return Fail<T>(Failure.FromCaught(exception, null, function));
        }
    }

    /// <summary>Calls <paramref name="function"/>; returns a Deferred that fires when its task completes, or a failed Deferred if it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    [OverloadResolutionPriority(1)] // a returned Deferred or Task is waited on, never taken as a value
    public static Deferred<T> MaybeDeferred<T>(Func<Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        try
        {
            return FromTask(function());
        }
        catch (Exception exception)
        {
            return Fail<T>(Failure.FromCaught(exception, null, function));
        }
    }

    /// <summary>
    /// Calls <paramref name="function"/>; returns a Deferred fired with its value, or failed if it
    /// threw or returned a <see cref="Failure"/>. When <typeparamref name="T"/> is a base type of
    /// Deferred (such as object) and the function returns a Deferred, the result waits for it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    public static Deferred<T> MaybeDeferred<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (typeof(Deferred).IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException(
                "MaybeDeferred<" + typeof(T).Name + "> would wrap a Deferred as a value; call MaybeDeferred without type arguments so the returned Deferred is used as it is.",
                nameof(function));
        }

        T result;
        try
        {
            result = function();
        }
        catch (Exception exception)
        {
            return Fail<T>(Failure.FromCaught(exception, null, function));
        }

        switch (result)
        {
            case Failure failure:
                return Fail<T>(failure);
            case Deferred inner:
                var waiting = new Deferred<T>();
                waiting.BeginFire();
                waiting.WaitOnOrSteal(inner);
                return waiting;
            default:
                return Deferred<T>.CreateFired(result);
        }
    }
}
