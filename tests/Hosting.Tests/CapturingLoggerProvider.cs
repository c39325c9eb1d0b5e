using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion.Hosting.Tests;

/// <summary>A logger provider that keeps every record, with its category, for the tests to inspect.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<LogRecord> _records = new();
    private readonly SemaphoreSlim _added = new(0);

    /// <summary>One log record.</summary>
    public sealed record LogRecord(string Category, LogLevel Level, string Message, Exception? Exception);

    /// <summary>The records so far.</summary>
    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_records)
            {
                return _records.ToArray();
            }
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until a record matching <paramref name="match"/> was logged.</summary>
    public LogRecord? WaitFor(Func<LogRecord, bool> match, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (LogRecord record in Records)
            {
                if (match(record))
                {
                    return record;
                }
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_added.Wait(left))
            {
                return null;
            }
        }
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Add(LogRecord record)
    {
        lock (_records)
        {
            _records.Add(record);
        }

        _added.Release();
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Add(new LogRecord(category, logLevel, formatter(state, exception), exception));
    }
}
