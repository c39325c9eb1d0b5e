using System;
using System.Net;

namespace Torsion.Endpoints;

/// <summary>
/// A TCP address to connect to (Twisted's <c>TCP4ClientEndpoint</c> / <c>TCP6ClientEndpoint</c>):
/// <see cref="Connect"/> calls <see cref="IReactorTcp.ConnectTcp"/>, which resolves a host name off the
/// reactor thread.
/// </summary>
public sealed class TcpClientEndpoint : IStreamClientEndpoint
{
    private readonly IReactorTcp _reactor;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="reactor">The reactor to connect with.</param>
    /// <param name="host">A host name or a literal address.</param>
    /// <param name="port">The port, 1–65535.</param>
    /// <param name="timeout">How long an attempt may take; 30 seconds unless given.</param>
    /// <param name="bindAddress">The local address to connect from, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> or <paramref name="host"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535 or <paramref name="timeout"/> is not positive.</exception>
    public TcpClientEndpoint(IReactorTcp reactor, string host, int port, TimeSpan? timeout = null, IPEndPoint? bindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A connect timeout must be positive.");
        }

        _reactor = reactor;
        Host = host;
        Port = port;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
        BindAddress = bindAddress;
    }

    /// <summary>The host.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>How long an attempt may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The local address to connect from, or null.</summary>
    public IPEndPoint? BindAddress { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public Deferred<IProtocol> Connect(IProtocolFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var wrapping = new WrappingClientFactory(factory);
        try
        {
            wrapping.Connector = _reactor.ConnectTcp(Host, Port, wrapping, Timeout, BindAddress);
        }
        catch (Exception exception)
        {
            return Deferred.Fail<IProtocol>(exception);
        }

        return wrapping.Result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"TcpClientEndpoint(host='{Host}', port={Port}, timeout={Timeout.TotalSeconds}s)";
}
