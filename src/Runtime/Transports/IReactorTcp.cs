using System;
using System.Net;

namespace Torsion;

/// <summary>
/// TCP listening and connecting (Twisted's <c>IReactorTCP</c>). Offered by every Torsion reactor and by
/// the test double <c>Torsion.Testing.MemoryReactor</c>.
/// </summary>
/// <remarks>Every member must be called on the reactor thread.</remarks>
public interface IReactorTcp
{
    /// <summary>
    /// Listens for TCP connections on <paramref name="port"/> and builds a protocol from
    /// <paramref name="factory"/> for each one (a factory that returns null refuses the connection:
    /// it is closed at once).
    /// </summary>
    /// <param name="port">The port; 0 lets the system choose (see <see cref="IListeningPort.GetHost"/>).</param>
    /// <param name="factory">Builds a protocol per connection; its <c>DoStart</c> is called now.</param>
    /// <param name="backlog">The listen queue length.</param>
    /// <param name="interfaceAddress">The local address to bind: "" for every IPv4 address, "::" for every
    /// IPv6 address (and IPv4 where the system maps it), or one literal address.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> or <paramref name="interfaceAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0–65535 or <paramref name="backlog"/> is not positive.</exception>
    /// <exception cref="CannotListenException">The address cannot be bound or listened on (taken port,
    /// address not on this host, permission); the message names the address and the reason.</exception>
    IListeningPort ListenTcp(int port, IProtocolFactory factory, int backlog = 50, string interfaceAddress = "");

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>, resolving a host name off the reactor
    /// thread. The factory's <c>StartedConnecting</c> is called, then either a protocol is built and
    /// connected, or <c>ClientConnectionFailed</c> is called with a <see cref="ConnectionRefusedException"/>,
    /// <see cref="ConnectTimeoutException"/>, <see cref="DnsLookupException"/> or another
    /// <see cref="ConnectException"/>. When the connection later ends, <c>ClientConnectionLost</c> is called.
    /// </summary>
    /// <param name="host">A host name or a literal IPv4 or IPv6 address.</param>
    /// <param name="port">The port, 1–65535.</param>
    /// <param name="factory">Builds the protocol and hears of the connector's events.</param>
    /// <param name="timeout">How long an attempt may take before it fails with <see cref="ConnectTimeoutException"/>; null means 30 seconds, as in Twisted.</param>
    /// <param name="bindAddress">The local address to connect from, or null for any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="factory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535 or <paramref name="timeout"/> is not positive.</exception>
    IConnector ConnectTcp(string host, int port, ClientFactory factory, TimeSpan? timeout = null, IPEndPoint? bindAddress = null);
}
