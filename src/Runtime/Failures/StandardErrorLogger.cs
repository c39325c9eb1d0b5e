using System;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>The default <see cref="UnhandledFailures.Logger"/>: writes each record to standard error.</summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new();

    private StandardErrorLogger()
    {
    }

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

        // The formatted message already carries the traceback; one write keeps the record whole.
        Console.Error.WriteLine(formatter(state, exception));
    }
}
