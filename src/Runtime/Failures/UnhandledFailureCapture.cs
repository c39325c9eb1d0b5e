using System;
using System.Collections.Generic;
using System.Threading;

namespace Torsion;

/// <summary>
/// Captures unhandled failures for a test instead of logging them (trial's
/// <c>flushLoggedErrors</c>), from <see cref="UnhandledFailures.Capture"/>. A failure is captured
/// when the Deferred that failed started tracking it inside the capture's async flow.
/// </summary>
/// <remarks>Thread-safe: reports arrive on the finalizer thread.</remarks>
public sealed class UnhandledFailureCapture : IDisposable
{
    private static readonly AsyncLocal<UnhandledFailureCapture?> s_current = new();

    private readonly UnhandledFailureCapture? _previous;
    private readonly List<Failure> _failures = new();
    private bool _disposed;

    internal UnhandledFailureCapture()
    {
        _previous = s_current.Value;
        s_current.Value = this;
    }

    /// <summary>The capture active in the current async flow, if any.</summary>
    internal static UnhandledFailureCapture? Current => s_current.Value;

    /// <summary>
    /// Collects garbage (see <see cref="UnhandledFailures.CollectNow"/>), then removes and returns
    /// the captured failures whose exception is one of <paramref name="exceptionTypes"/> (all of
    /// them when none is given).
    /// </summary>
    public IReadOnlyList<Failure> Flush(params Type[] exceptionTypes)
    {
        UnhandledFailures.CollectNow();
        lock (_failures)
        {
            var flushed = new List<Failure>();
            _failures.RemoveAll(failure =>
            {
                bool matches = exceptionTypes.Length == 0 || failure.Check(exceptionTypes) is not null;
                if (matches)
                {
                    flushed.Add(failure);
                }

                return matches;
            });
            return flushed;
        }
    }

    /// <summary>The failures captured and not yet flushed.</summary>
    public IReadOnlyList<Failure> Failures
    {
        get
        {
            lock (_failures)
            {
                return _failures.ToArray();
            }
        }
    }

    /// <summary>Stops capturing; failures reported afterwards go to the logger again.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (ReferenceEquals(s_current.Value, this))
            {
                s_current.Value = _previous;
            }
        }
    }

    internal bool TryAdd(Failure failure)
    {
        lock (_failures)
        {
            if (_disposed)
            {
                return false;
            }

            _failures.Add(failure);
            return true;
        }
    }
}
