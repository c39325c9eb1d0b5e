using System;

namespace Torsion.Endpoints;

/// <summary>
/// A TCP port to listen on (Twisted's <c>TCP4ServerEndpoint</c> and, with an IPv6 interface such as
/// <c>"::"</c>, <c>TCP6ServerEndpoint</c>): <see cref="Listen"/> calls <see cref="IReactorTcp.ListenTcp"/>.
/// </summary>
public sealed class TcpServerEndpoint : IStreamServerEndpoint
{
    private readonly IReactorTcp _reactor;

    /// <summary>Creates the endpoint.</summary>
    /// <param name="reactor">The reactor to listen with.</param>
    /// <param name="port">The port; 0 lets the system choose.</param>
    /// <param name="backlog">The listen queue length; 50 unless given.</param>
    /// <param name="interfaceAddress">The address to bind: "" for every IPv4 address, "::" for every IPv6 address, or a literal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> or <paramref name="interfaceAddress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0–65535 or <paramref name="backlog"/> is not positive.</exception>
    public TcpServerEndpoint(IReactorTcp reactor, int port, int backlog = 50, string interfaceAddress = "")
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(interfaceAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        _reactor = reactor;
        Port = port;
        Backlog = backlog;
        Interface = interfaceAddress;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The listen queue length.</summary>
    public int Backlog { get; }

    /// <summary>The interface address ("" for every IPv4 address).</summary>
    public string Interface { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public Deferred<IListeningPort> Listen(IProtocolFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Deferred.Execute(() => _reactor.ListenTcp(Port, factory, Backlog, Interface));
    }

    /// <inheritdoc/>
    public override string ToString() => $"TcpServerEndpoint(port={Port}, interface='{Interface}', backlog={Backlog})";
}
