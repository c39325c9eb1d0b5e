using System;
using System.Net;
using System.Net.Sockets;

namespace Torsion.Transports.Tcp;

/// <summary>How socket errors become Twisted's connection errors, and addresses become <see cref="IAddress"/>es.</summary>
internal static class TcpErrors
{
    /// <summary>The reason a connected socket's read or write failed: a <see cref="ConnectionLostException"/> carrying the socket error.</summary>
    public static Exception Lost(SocketError error) =>
        new ConnectionLostException($"Connection to the other side was lost in a non-clean fashion: {Describe(error)}.", new SocketException((int)error));

    /// <summary>The reason a connection attempt failed, as the <see cref="ConnectException"/> Twisted would give.</summary>
    public static ConnectException ConnectFailed(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => new ConnectionRefusedException(
            "Connection was refused by other side: the port is closed.", new SocketException((int)error)),
        SocketError.TimedOut => new ConnectTimeoutException(
            "The system gave up the connection attempt (timed out).", new SocketException((int)error)),
        _ => new ConnectException($"An error occurred while connecting: {Describe(error)}.", new SocketException((int)error)),
    };

    /// <summary>The <see cref="SocketException"/> text of <paramref name="error"/>.</summary>
    public static string Describe(SocketError error) => new SocketException((int)error).Message;

    /// <summary>The Twisted-style address of a TCP end point.</summary>
    public static IAddress Address(EndPoint? endPoint)
    {
        if (endPoint is not IPEndPoint ip)
        {
            return new IPv4Address("TCP", "0.0.0.0", 0);
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (ip.Address.IsIPv4MappedToIPv6)
            {
                return new IPv4Address("TCP", ip.Address.MapToIPv4().ToString(), ip.Port);
            }

            return IPv6Address.FromIPEndPoint("TCP", ip);
        }

        return IPv4Address.FromIPEndPoint("TCP", ip);
    }
}
