using System;
using System.Net;
using System.Net.Sockets;

namespace Torsion;

/// <summary>
/// An IPv4 address and port of a TCP or UDP socket (Twisted's <c>IPv4Address</c>). Converts to and
/// from <see cref="IPEndPoint"/>.
/// </summary>
/// <param name="Type">The transport: <c>"TCP"</c> or <c>"UDP"</c>.</param>
/// <param name="Host">The address in dotted-quad form, for example <c>"127.0.0.1"</c>.</param>
/// <param name="Port">The port number, 0 to 65535.</param>
public sealed record IPv4Address(string Type, string Host, int Port) : IAddress
{
    /// <summary>The same address as an <see cref="IPEndPoint"/>.</summary>
    /// <exception cref="FormatException"><see cref="Host"/> is not an IPv4 address.</exception>
    public IPEndPoint ToIPEndPoint() => new(IPAddress.Parse(Host), Port);

    /// <summary>Makes the address of <paramref name="endPoint"/>, which must be an IPv4 end point.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> or <paramref name="type"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is not IPv4.</exception>
    public static IPv4Address FromIPEndPoint(string type, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(endPoint);
        if (endPoint.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"'{endPoint}' is not an IPv4 end point.", nameof(endPoint));
        }

        return new IPv4Address(type, endPoint.Address.ToString(), endPoint.Port);
    }

    /// <summary>Converts to an <see cref="IPEndPoint"/>; see <see cref="ToIPEndPoint"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static implicit operator IPEndPoint(IPv4Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.ToIPEndPoint();
    }

    /// <summary>Twisted's form: <c>IPv4Address(TCP, '127.0.0.1', 8080)</c>.</summary>
    public override string ToString() => $"IPv4Address({Type}, '{Host}', {Port})";
}
