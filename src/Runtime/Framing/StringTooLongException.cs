using System;

namespace Torsion.Protocols;

/// <summary>
/// A string is too long for the length prefix of an <see cref="IntNStringReceiver"/> (Twisted's
/// <c>StringTooLongError</c>): thrown by <see cref="IntNStringReceiver.SendString"/> before anything is written.
/// </summary>
public class StringTooLongException : ArgumentException
{
    /// <summary>Creates the exception for a string of <paramref name="length"/> bytes where fewer than <paramref name="limit"/> fit.</summary>
    public StringTooLongException(long length, long limit)
        : base($"Try to send {length} bytes whereas maximum is {limit}")
    {
        Length = length;
        Limit = limit;
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public StringTooLongException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public StringTooLongException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public StringTooLongException() : base("The string is too long for its length prefix.")
    {
    }

    /// <summary>The string's length, in bytes (0 when not given).</summary>
    public long Length { get; }

    /// <summary>The first length that does not fit the prefix: 2^(8 × prefix length) (0 when not given).</summary>
    public long Limit { get; }
}
