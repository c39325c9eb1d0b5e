namespace Torsion;

/// <summary>
/// A host name could not be resolved to an address. Unlike Twisted, where it is an <c>IOError</c>, it is a <see cref="ConnectException"/>, so one catch covers every connection failure (Twisted's <c>error.DNSLookupError</c>).
/// </summary>
public class DnsLookupException : ConnectException
{
    /// <summary>Creates the exception with the default message "DNS lookup failed.".</summary>
    public DnsLookupException() : base("DNS lookup failed.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DnsLookupException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public DnsLookupException(string message, System.Exception innerException) : base(message, innerException) { }
}
