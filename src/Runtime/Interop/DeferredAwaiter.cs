using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

/// <summary>
/// Awaits an untyped <see cref="Deferred"/>: <c>object? x = await deferred;</c>. The continuation
/// runs synchronously, inside the Deferred's chain, when its result is available (on the thread
/// that fired it — the reactor's, in a program with a reactor). A failure is rethrown with its
/// original stack trace and counts as handled.
/// </summary>
public readonly struct DeferredAwaiter : ICriticalNotifyCompletion
{
    // Layout note: DeferredAwaiter and DeferredAwaiter<T> both hold exactly one Deferred reference;
    // the async method builders rely on that to find the awaited Deferred without boxing.
    private readonly Deferred _deferred;

    internal DeferredAwaiter(Deferred deferred) => _deferred = deferred;

    /// <summary>True when the Deferred's result is available now.</summary>
    public bool IsCompleted => _deferred.HasResult;

    /// <summary>The awaited Deferred.</summary>
    internal Deferred Deferred => _deferred;

    /// <summary>The result; rethrows the failure's exception with its original stack trace.</summary>
    /// <exception cref="InvalidOperationException">The Deferred has no result yet.</exception>
    public object? GetResult()
    {
        object? result = _deferred.Result;
        if (result is Failure failure)
        {
            _deferred.MarkFailureHandled();
            failure.RaiseException();
        }

        return result;
    }

    /// <summary>Runs <paramref name="continuation"/> when the result is available, in the current <see cref="ExecutionContext"/>.</summary>
    public void OnCompleted(Action continuation) => _deferred.AddAwaiterContinuation(AwaiterContinuations.FlowingContext(continuation));

    /// <summary>Runs <paramref name="continuation"/> when the result is available.</summary>
    public void UnsafeOnCompleted(Action continuation) => _deferred.AddAwaiterContinuation(continuation);
}

/// <summary>
/// Awaits a <see cref="Deferred{T}"/>: <c>T x = await deferred;</c>. See <see cref="DeferredAwaiter"/>.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public readonly struct DeferredAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly Deferred<T> _deferred;

    internal DeferredAwaiter(Deferred<T> deferred) => _deferred = deferred;

    /// <summary>True when the Deferred's result is available now.</summary>
    public bool IsCompleted => _deferred.HasResult;

    /// <summary>The value; rethrows the failure's exception with its original stack trace.</summary>
    /// <exception cref="InvalidOperationException">The Deferred has no result yet.</exception>
    public T GetResult()
    {
        if (_deferred.IsFailed)
        {
            _deferred.MarkFailureHandled();
        }

        return _deferred.Result;
    }

    /// <summary>Runs <paramref name="continuation"/> when the result is available, in the current <see cref="ExecutionContext"/>.</summary>
    public void OnCompleted(Action continuation) => _deferred.AddAwaiterContinuation(AwaiterContinuations.FlowingContext(continuation));

    /// <summary>Runs <paramref name="continuation"/> when the result is available.</summary>
    public void UnsafeOnCompleted(Action continuation) => _deferred.AddAwaiterContinuation(continuation);
}

/// <summary>Helpers shared by the awaiters.</summary>
internal static class AwaiterContinuations
{
    private static readonly ContextCallback s_runAction = static state => ((Action)state!)();

    /// <summary>Wraps <paramref name="continuation"/> so it runs in the execution context captured now.</summary>
    public static Action FlowingContext(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ExecutionContext? context = ExecutionContext.Capture();
        if (context is null)
        {
            return continuation;
        }

        return () => ExecutionContext.Run(context, s_runAction, continuation);
    }
}
