using System;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>
/// Writes each record (warnings and worse) to standard error: the default <see cref="UnhandledFailures.Logger"/>
/// (<see cref="Instance"/>: its records already carry the traceback) and the default
/// <see cref="Reactor.Logger"/> (<see cref="WithExceptions"/>: the message, then the exception with its stack trace).
/// </summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new(includeException: false);

    public static readonly StandardErrorLogger WithExceptions = new(includeException: true);

    private readonly bool _includeException;

    private StandardErrorLogger(bool includeException) => _includeException = includeException;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        // One write keeps the record whole.
        string message = formatter(state, exception);
        Console.Error.WriteLine(_includeException && exception is not null ? message + Environment.NewLine + exception : message);
    }
}
