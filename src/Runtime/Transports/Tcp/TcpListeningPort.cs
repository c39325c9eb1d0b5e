using System;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Torsion.Transports.Tcp;

/// <summary>
/// The reactor-independent part of a listening TCP port (Twisted's <c>tcp.Port</c>): binding with
/// <c>SO_REUSEADDR</c>, the factory's <c>DoStart</c>/<c>DoStop</c>, building a protocol per accepted
/// socket (closing it at once when the factory refuses) and stopping. A reactor-specific subclass
/// accepts: by readiness or by overlapped accepts.
/// </summary>
internal abstract class TcpListeningPort : IListeningPort, ITcpResource
{
    private readonly int _requestedPort;
    private readonly int _backlog;
    private readonly string _interface;
    private IAddress? _host;

    protected TcpListeningPort(ReactorBase reactor, int port, IProtocolFactory factory, int backlog, string interfaceAddress)
    {
        Reactor = reactor;
        _requestedPort = port;
        Factory = factory;
        _backlog = backlog;
        _interface = interfaceAddress;
    }

    /// <summary>The reactor the port runs on.</summary>
    protected ReactorBase Reactor { get; }

    /// <summary>The factory building a protocol per connection.</summary>
    protected IProtocolFactory Factory { get; }

    /// <summary>The listening socket, or null when not listening.</summary>
    protected Socket? Listener { get; private set; }

    /// <summary>True between <see cref="StartListening"/> and <see cref="StopListening"/>.</summary>
    public bool Listening => Listener is not null;

    /// <summary>Starts accepting on <see cref="Listener"/>.</summary>
    protected abstract void StartAccepting();

    /// <summary>Stops accepting (before the socket is closed).</summary>
    protected abstract void StopAccepting();

    /// <inheritdoc/>
    public void StartListening()
    {
        Reactor.CheckThread();
        if (Listener is not null)
        {
            return;
        }

        IPAddress address;
        if (_interface.Length == 0)
        {
            address = IPAddress.Any;
        }
        else if (!IPAddress.TryParse(_interface, out address!))
        {
            throw new CannotListenException(_interface, _requestedPort,
                new ArgumentException($"'{_interface}' is not an IPv4 or IPv6 address literal (names are not resolved for listening)."));
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            {
                // SO_REUSEADDR only (as Twisted): .NET's ReuseAddress would also set SO_REUSEPORT on
                // Linux and let a second listener share a taken port.
                int level = OperatingSystem.IsLinux() ? 1 : 0xffff;
                int name = OperatingSystem.IsLinux() ? 2 : 4;
                socket.SetRawSocketOption(level, name, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, _requestedPort));
            socket.Listen(_backlog);
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CannotListenException(_interface, _requestedPort, e);
        }

        Listener = socket;
        _host = TcpErrors.Address(socket.LocalEndPoint);
        Reactor.TrackTcp(this);
        Factory.DoStart();
        StartAccepting();
    }

    /// <inheritdoc/>
    public Deferred StopListening()
    {
        Reactor.CheckThread();
        var done = new Deferred();
        if (Listener is null)
        {
            done.Callback(null);
            return done;
        }

        Close();
        Reactor.CallLater(TimeSpan.Zero, () => done.Callback(null));
        return done;
    }

    /// <inheritdoc/>
    public IAddress GetHost() =>
        _host ?? throw new InvalidOperationException("The port is not listening: it has no address.");

    /// <summary>Builds the protocol for an accepted socket and connects it, or closes the socket when the factory refuses.</summary>
    protected void Accepted(Socket accepted)
    {
        if (Listener is null)
        {
            accepted.Dispose();
            return;
        }

        IProtocol? protocol;
        IAddress peer;
        try
        {
            accepted.Blocking = false;
            peer = TcpErrors.Address(accepted.RemoteEndPoint);
        }
        catch (SocketException)
        {
            // Reset before we looked at it.
            accepted.Dispose();
            return;
        }

        try
        {
            protocol = Factory.BuildProtocol(peer);
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception in {Factory}.BuildProtocol; closing the accepted connection.", Factory.GetType().FullName);
            protocol = null;
        }

        if (protocol is null)
        {
            accepted.Dispose();
            return;
        }

        var connection = Reactor.CreateTcpServerConnection(accepted);
        connection.Start(protocol);
    }

    /// <summary>An accept failed (out of descriptors, ...): logged; the port keeps listening.</summary>
    protected void AcceptFailed(SocketError error) =>
        Reactor.TcpLogger.LogError("Could not accept new connection on {Address}: {Error}.", _host, TcpErrors.Describe(error));

    private void Close()
    {
        var listener = Listener;
        if (listener is null)
        {
            return;
        }

        StopAccepting();
        Listener = null;
        listener.Dispose();
        Reactor.UntrackTcp(this);
        try
        {
            Factory.DoStop();
        }
        catch (Exception e)
        {
            Reactor.TcpLogger.LogError(e, "Unhandled exception in {Factory}.DoStop.", Factory.GetType().FullName);
        }
    }

    /// <summary>The reactor is shutting down (or dropped the port's descriptor): stop listening.</summary>
    protected void LostByReactor() => Close();

    /// <inheritdoc/>
    void ITcpResource.ShutDown() => Close();

    /// <inheritdoc/>
    void ITcpResource.CloseForDispose()
    {
        Listener?.Dispose();
        Listener = null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"TCP port {(_host?.ToString() ?? $"{_interface}:{_requestedPort}")}";
}
