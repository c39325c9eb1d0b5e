using System;

namespace Torsion;

/// <summary>
/// A Deferred did not get a result within the time given to <see cref="Deferred.AddTimeout"/>
/// (Twisted's <c>defer.TimeoutError</c>). Derives from <see cref="System.TimeoutException"/>.
/// </summary>
public class DeferredTimeoutException : System.TimeoutException
{
    /// <summary>Creates the exception for a Deferred that timed out after <paramref name="timeout"/>.</summary>
    public DeferredTimeoutException(TimeSpan timeout)
        : base("Deferred timed out after " + timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " seconds.")
    {
        Timeout = timeout;
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DeferredTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public DeferredTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The timeout that expired, when known.</summary>
    public TimeSpan Timeout { get; }
}
