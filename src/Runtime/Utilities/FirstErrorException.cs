using System;

namespace Torsion;

/// <summary>
/// The failure of a <see cref="DeferredList"/> created with <c>fireOnOneErrback</c>, and of
/// <see cref="Deferred.GatherResults{T}(System.Collections.Generic.IEnumerable{Deferred{T}}, bool)"/>:
/// the first member that failed, and where it was in the list (Twisted's <c>FirstError</c>).
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is Twisted's <c>str</c>: <c>FirstError[#3, [Failure instance: …]]</c>.
/// <see cref="ToString"/> starts with Twisted's <c>repr</c>, <c>FirstError[#3, InvalidOperationException('some text')]</c>,
/// followed by the member's own traceback. Two instances are equal when their <see cref="Index"/>
/// and <see cref="SubFailure"/> are; an instance never equals an object of another type.
/// </remarks>
public sealed class FirstErrorException : Exception, IEquatable<FirstErrorException>
{
    /// <summary>Creates the exception for the failure <paramref name="subFailure"/> of the member at <paramref name="index"/>.</summary>
    /// <param name="subFailure">The failure of the member that failed first.</param>
    /// <param name="index">The position of that member in the list, from 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="subFailure"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public FirstErrorException(Failure subFailure, int index)
        : base(null, Validate(subFailure, index).Value)
    {
        SubFailure = subFailure;
        Index = index;
    }

    private string? _message;

    /// <summary>The failure of the member that failed first (Twisted's <c>subFailure</c>).</summary>
    public Failure SubFailure { get; }

    /// <summary>The position of that member in the list given to the DeferredList, from 0 (Twisted's <c>index</c>).</summary>
    public int Index { get; }

    /// <summary>
    /// Twisted's <c>str</c>: <c>FirstError[#3, [Failure instance: …]]</c>. Built when first read, so
    /// deeply nested FirstErrors cost nothing until someone looks.
    /// </summary>
    public override string Message => _message ??= "FirstError[#" + Index + ", " + SubFailure + "]";

    /// <summary>
    /// Twisted's <c>repr</c> (<c>FirstError[#3, InvalidOperationException('some text')]</c>) on the
    /// first line, then the traceback of <see cref="SubFailure"/>.
    /// </summary>
    public override string ToString()
        => "FirstError[#" + Index + ", " + SubFailure.Type.Name + "('" + SubFailure.GetErrorMessage() + "')]"
            + Environment.NewLine + " ---> " + SubFailure.GetTraceback();

    /// <summary>True when <paramref name="other"/> has the same <see cref="Index"/> and the same <see cref="SubFailure"/>.</summary>
    public bool Equals(FirstErrorException? other)
        => other is not null && other.Index == Index && Equals(other.SubFailure, SubFailure);

    /// <summary>True when <paramref name="obj"/> is a <see cref="FirstErrorException"/> with the same index and sub-failure.</summary>
    public override bool Equals(object? obj) => obj is FirstErrorException other && Equals(other);

    /// <summary>A hash code consistent with <see cref="Equals(FirstErrorException)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Index, SubFailure);

    private static Failure Validate(Failure subFailure, int index)
    {
        ArgumentNullException.ThrowIfNull(subFailure);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return subFailure;
    }
}
