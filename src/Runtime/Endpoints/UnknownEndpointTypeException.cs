using System;

namespace Torsion.Endpoints;

/// <summary>
/// An endpoint string starts with a prefix Torsion does not know (Twisted's
/// <c>ValueError("Unknown endpoint type: '…'")</c>). <see cref="EndpointType"/> names the prefix.
/// </summary>
public class UnknownEndpointTypeException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="endpointType"/> with <paramref name="message"/>.</summary>
    public UnknownEndpointTypeException(string endpointType, string message)
        : base(message)
    {
        EndpointType = endpointType;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public UnknownEndpointTypeException() : base("Unknown endpoint type.") => EndpointType = "";

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public UnknownEndpointTypeException(string message) : base(message) => EndpointType = "";

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public UnknownEndpointTypeException(string message, Exception innerException) : base(message, innerException) => EndpointType = "";

    /// <summary>The prefix that was not recognised, as written.</summary>
    public string EndpointType { get; }
}
