using System;
using System.Collections.Generic;
using System.Text;

namespace Torsion;

/// <summary>
/// The failure of <see cref="Deferred.Race{T}(IEnumerable{Deferred{T}})"/> when every input failed
/// or was cancelled (Twisted's <c>FailureGroup</c>): the inputs' failures, in input order.
/// </summary>
public sealed class FailureGroupException : Exception
{
    /// <summary>Creates the exception for <paramref name="failures"/>, kept in the order given.</summary>
    /// <param name="failures">The failures, one per input, in input order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="failures"/> or one of its items is null.</exception>
    public FailureGroupException(IEnumerable<Failure> failures)
        : this(Copy(failures))
    {
    }

    private FailureGroupException(Failure[] failures)
        : base(null, failures.Length > 0 ? failures[0].Value : null)
    {
        Failures = failures;
    }

    private string? _message;

    /// <summary>
    /// <c>FailureGroup[[Failure instance: Type: message], …]</c>, one entry per failure in order (the tracebacks are in
    /// <see cref="Failures"/>); built when first read.
    /// </summary>
    public override string Message => _message ??= FormatMessage(Failures);

    /// <summary>The failures, in the order of the inputs they came from (Twisted's <c>failures</c>).</summary>
    public IReadOnlyList<Failure> Failures { get; }

    private static Failure[] Copy(IEnumerable<Failure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var copy = new List<Failure>(failures);
        foreach (Failure failure in copy)
        {
            if (failure is null)
            {
                throw new ArgumentNullException(nameof(failures), "A FailureGroupException cannot hold a null Failure.");
            }
        }

        return copy.ToArray();
    }

    private static string FormatMessage(IReadOnlyList<Failure> failures)
    {
        var text = new StringBuilder("FailureGroup[");
        for (int i = 0; i < failures.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append("[Failure instance: ").Append(failures[i].GetBriefTraceback()).Append(']');
        }

        return text.Append(']').ToString();
    }
}
