using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;
using Torsion.Transports.Tcp;

namespace Torsion;

public abstract partial class ReactorBase : IReactorTcp
{
    private HashSet<ITcpResource>? _tcpResources;

    /// <inheritdoc/>
    public IListeningPort ListenTcp(int port, IProtocolFactory factory, int backlog = 50, string interfaceAddress = "")
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(interfaceAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        CheckThread();
        ThrowIfDisposed();
        var listeningPort = CreateTcpPort(port, factory, backlog, interfaceAddress);
        listeningPort.StartListening();
        return listeningPort;
    }

    /// <inheritdoc/>
    public IConnector ConnectTcp(string host, int port, ClientFactory factory, TimeSpan? timeout = null, IPEndPoint? bindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "The connect timeout must be positive.");
        }

        CheckThread();
        ThrowIfDisposed();
        var connector = new TcpConnector(this, host, port, factory, timeout ?? TimeSpan.FromSeconds(30), bindAddress);
        connector.Connect();
        return connector;
    }

    /// <summary>Makes this reactor's kind of listening port (not yet listening).</summary>
    private protected abstract TcpListeningPort CreateTcpPort(int port, IProtocolFactory factory, int backlog, string interfaceAddress);

    /// <summary>Makes this reactor's kind of connection for a freshly accepted, non-blocking socket.</summary>
    internal abstract TcpConnection CreateTcpServerConnection(System.Net.Sockets.Socket accepted);

    /// <summary>Makes this reactor's kind of client connection and starts connecting it to <paramref name="remote"/>.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The socket could not be created, bound or started connecting.</exception>
    internal abstract TcpConnection CreateTcpClient(TcpConnector connector, IPEndPoint remote, IPEndPoint? bindAddress);

    /// <summary>The logger, for the TCP classes.</summary>
    internal ILogger TcpLogger => Logger;

    /// <summary>Remembers a TCP socket so shutdown and disposal close it.</summary>
    internal void TrackTcp(ITcpResource resource)
    {
        if (_tcpResources is null)
        {
            _tcpResources = new HashSet<ITcpResource>(ReferenceEqualityComparer.Instance);
            AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, ShutDownTcp);
        }

        _tcpResources.Add(resource);
    }

    /// <summary>Forgets a closed TCP socket.</summary>
    internal void UntrackTcp(ITcpResource resource) => _tcpResources?.Remove(resource);

    /// <summary>How many TCP sockets (connections, attempts, ports) the reactor holds open.</summary>
    internal int OpenTcpSockets => _tcpResources?.Count ?? 0;

    private void ShutDownTcp()
    {
        if (_tcpResources is null)
        {
            return;
        }

        foreach (var resource in new List<ITcpResource>(_tcpResources))
        {
            try
            {
                resource.ShutDown();
            }
            catch (Exception e)
            {
                Logger.LogError(e, "Unhandled exception while closing {Resource} at shutdown.", resource);
            }
        }
    }

    /// <summary>Closes every TCP socket still open (reactor disposal); nobody is called back.</summary>
    private void CloseTcpForDispose()
    {
        if (_tcpResources is null)
        {
            return;
        }

        foreach (var resource in new List<ITcpResource>(_tcpResources))
        {
            resource.CloseForDispose();
        }

        _tcpResources.Clear();
    }
}
