using System;
using System.Net;
using System.Net.Sockets;

namespace Torsion;

/// <summary>
/// An IPv6 address and port of a TCP or UDP socket (Twisted's <c>IPv6Address</c>). Converts to and
/// from <see cref="IPEndPoint"/>; a scope (zone) id, when there is one, is part of
/// <see cref="Host"/> as <c>"fe80::1%2"</c>.
/// </summary>
/// <param name="Type">The transport: <c>"TCP"</c> or <c>"UDP"</c>.</param>
/// <param name="Host">The address in its compressed text form, for example <c>"::1"</c>.</param>
/// <param name="Port">The port number, 0 to 65535.</param>
public sealed record IPv6Address(string Type, string Host, int Port) : IAddress
{
    /// <summary>The same address as an <see cref="IPEndPoint"/>.</summary>
    /// <exception cref="FormatException"><see cref="Host"/> is not an IPv6 address.</exception>
    public IPEndPoint ToIPEndPoint() => new(IPAddress.Parse(Host), Port);

    /// <summary>Makes the address of <paramref name="endPoint"/>, which must be an IPv6 end point.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> or <paramref name="type"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is not IPv6.</exception>
    public static IPv6Address FromIPEndPoint(string type, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(endPoint);
        if (endPoint.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"'{endPoint}' is not an IPv6 end point.", nameof(endPoint));
        }

        return new IPv6Address(type, endPoint.Address.ToString(), endPoint.Port);
    }

    /// <summary>Converts to an <see cref="IPEndPoint"/>; see <see cref="ToIPEndPoint"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public static implicit operator IPEndPoint(IPv6Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.ToIPEndPoint();
    }

    /// <summary>Twisted's form: <c>IPv6Address(TCP, '::1', 8080)</c>.</summary>
    public override string ToString() => $"IPv6Address({Type}, '{Host}', {Port})";
}
