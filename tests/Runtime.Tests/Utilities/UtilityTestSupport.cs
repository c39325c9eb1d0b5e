using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion.Tests.Utilities;

/// <summary>An exception raised on purpose by the utilities' tests (Twisted's GenericError).</summary>
public sealed class GenericException : Exception
{
    public GenericException(string message)
        : base(message)
    {
    }
}

/// <summary>trial-style assertions on Deferreds: successResultOf, failureResultOf, assertNoResult.</summary>
internal static class DeferredAssert
{
    public static object? SuccessResultOf(Deferred deferred)
    {
        Assert.True(deferred.HasResult, "the Deferred has no result");
        Assert.False(deferred.IsFailed, "the Deferred failed: " + deferred.CurrentFailure);
        return deferred.CurrentResultBoxed;
    }

    public static T SuccessResultOf<T>(Deferred<T> deferred)
    {
        Assert.True(deferred.HasResult, "the Deferred has no result");
        Assert.False(deferred.IsFailed, "the Deferred failed: " + deferred.CurrentFailure);
        return deferred.Result;
    }

    /// <summary>Asserts the Deferred failed with <typeparamref name="TException"/>, and handles the failure.</summary>
    public static Failure FailureResultOf<TException>(Deferred deferred)
        where TException : Exception
    {
        Assert.True(deferred.HasResult, "the Deferred has no result");
        Failure? failure = deferred.CurrentFailure;
        Assert.NotNull(failure);
        Assert.IsAssignableFrom<TException>(failure.Value);
        deferred.MarkFailureHandled();
        return failure;
    }

    public static void NoResult(Deferred deferred) => Assert.False(deferred.HasResult, "the Deferred has a result");

    /// <summary>Handles whatever failure the Deferred ends with, so no unhandled-error report follows.</summary>
    public static void Swallow(Deferred deferred) => deferred.MarkFailureHandled();
}

/// <summary>Runs code on a thread with a small stack, so unbounded recursion fails fast and surely.</summary>
internal static class SmallStack
{
    public const int StackBytes = 256 * 1024;

    public static void Run(Action action)
    {
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception exception)
                {
                    error = exception;
                }
            },
            StackBytes);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new Xunit.Sdk.XunitException("The code failed on the small-stack thread: " + error);
        }
    }
}

/// <summary>An ILogger that records what it is given (thread-safe: finalizers may report to it).</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, Exception? Exception, string Message)> _records = new();

    /// <summary>The records so far (for a logger no other thread can reach).</summary>
    public IReadOnlyList<(LogLevel Level, Exception? Exception, string Message)> Records => Snapshot();

    public (LogLevel Level, Exception? Exception, string Message)[] Snapshot()
    {
        lock (_records)
        {
            return _records.ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception);
        lock (_records)
        {
            _records.Add((logLevel, exception, message));
        }
    }
}
