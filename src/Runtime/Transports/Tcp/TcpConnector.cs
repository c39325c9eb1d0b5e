using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Torsion.Transports.Tcp;

/// <summary>
/// A reactor's <see cref="IConnector"/> for TCP (Twisted's <c>BaseConnector</c> with <c>tcp.Connector</c>):
/// resolves the host off the reactor thread, asks the reactor for a connecting transport, enforces the
/// timeout and reports every attempt, failure and loss to the client factory.
/// </summary>
internal sealed class TcpConnector : IConnector
{
    private readonly ReactorBase _reactor;
    private readonly string _host;
    private readonly int _port;
    private readonly ClientFactory _factory;
    private readonly TimeSpan _timeout;
    private readonly IPEndPoint? _bindAddress;
    private State _state = State.Disconnected;
    private bool _factoryStarted;
    private IDelayedCall? _timeoutCall;
    private TcpConnection? _transport;
    private int _attempt;

    private enum State
    {
        Disconnected,
        Connecting,
        Connected,
    }

    public TcpConnector(ReactorBase reactor, string host, int port, ClientFactory factory, TimeSpan timeout, IPEndPoint? bindAddress)
    {
        _reactor = reactor;
        _host = host;
        _port = port;
        _factory = factory;
        _timeout = timeout;
        _bindAddress = bindAddress;
    }

    /// <summary>The factory's type name, for log messages.</summary>
    public string FactoryName => _factory.GetType().FullName ?? _factory.GetType().Name;

    /// <summary>The connection of the current attempt, once it exists.</summary>
    public TcpConnection? Transport => _transport;

    /// <inheritdoc/>
    public void Connect()
    {
        _reactor.CheckThread();
        if (_state != State.Disconnected)
        {
            throw new InvalidOperationException($"Cannot connect in this state: the connector to {_host}:{_port} is already {(_state == State.Connecting ? "connecting" : "connected")}.");
        }

        _state = State.Connecting;
        if (!_factoryStarted)
        {
            _factory.DoStart();
            _factoryStarted = true;
        }

        int attempt = ++_attempt;
        _timeoutCall = _reactor.CallLater(_timeout, () => FailIfNotConnected(attempt, new ConnectTimeoutException(
            $"User timeout caused connection failure: no connection to {_host}:{_port} within {_timeout.TotalSeconds:0.###} s.")));
        StartAttempt(attempt);
        Guard("StartedConnecting", () => _factory.StartedConnecting(this));
    }

    private void StartAttempt(int attempt)
    {
        if (IPAddress.TryParse(_host, out var literal))
        {
            Reactor_CallLaterZero(() => Resolved(attempt, literal, null));
            return;
        }

        if (_host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) || _host.Equals("invalid", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6761: names under .invalid never resolve; answer without asking the network.
            Reactor_CallLaterZero(() => Resolved(attempt, null, new SocketException((int)SocketError.HostNotFound)));
            return;
        }

        var reactor = _reactor;
        Dns.GetHostAddressesAsync(_host).ContinueWith(
            task =>
            {
                IPAddress? address = null;
                Exception? error = null;
                if (task.IsCompletedSuccessfully)
                {
                    var addresses = task.Result;
                    address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                    if (address is null)
                    {
                        error = new SocketException((int)SocketError.HostNotFound);
                    }
                }
                else
                {
                    error = task.Exception?.GetBaseException() ?? new SocketException((int)SocketError.HostNotFound);
                }

                reactor.CallFromThread(() => Resolved(attempt, address, error));
            },
            TaskScheduler.Default);
    }

    private void Reactor_CallLaterZero(Action action) => _reactor.CallLater(TimeSpan.Zero, action);

    private void Resolved(int attempt, IPAddress? address, Exception? error)
    {
        if (attempt != _attempt || _state != State.Connecting)
        {
            return;
        }

        if (address is null)
        {
            ConnectionFailed(new Failure(new DnsLookupException(
                $"DNS lookup failed: address '{_host}' not found: {error?.Message}", error ?? new SocketException((int)SocketError.HostNotFound))));
            return;
        }

        try
        {
            _transport = _reactor.CreateTcpClient(this, new IPEndPoint(address, _port), _bindAddress);
        }
        catch (Exception e) when (e is SocketException or ArgumentException or NotSupportedException)
        {
            var failure = e is SocketException s ? TcpErrors.ConnectFailed(s.SocketErrorCode) : new ConnectException(e.Message, e);
            ConnectionFailed(new Failure(failure));
        }
    }

    private void FailIfNotConnected(int attempt, ConnectException error)
    {
        if (attempt != _attempt || _state != State.Connecting)
        {
            return;
        }

        _transport?.AbandonAttempt();
        ConnectionFailed(new Failure(error));
    }

    /// <inheritdoc/>
    public void StopConnecting()
    {
        _reactor.CheckThread();
        if (_state != State.Connecting)
        {
            throw new NotConnectingException("The connector is not trying to connect.");
        }

        FailIfNotConnected(_attempt, new UserCancelledConnectException());
    }

    /// <summary>A transport closed before it connected (LoseConnection/AbortConnection while connecting).</summary>
    internal void StopConnectingQuietly()
    {
        if (_state == State.Connecting)
        {
            FailIfNotConnected(_attempt, new UserCancelledConnectException());
        }
    }

    /// <inheritdoc/>
    public void Disconnect()
    {
        _reactor.CheckThread();
        if (_state == State.Connecting)
        {
            StopConnecting();
        }
        else if (_state == State.Connected)
        {
            _transport?.LoseConnection();
        }
    }

    /// <inheritdoc/>
    public IAddress GetDestination() =>
        IPAddress.TryParse(_host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPv6Address("TCP", _host, _port)
            : new IPv4Address("TCP", _host, _port);

    /// <summary>The attempt connected: build the protocol (null refuses).</summary>
    internal IProtocol? BuildProtocol(IAddress peer)
    {
        _state = State.Connected;
        CancelTimeout();
        return _factory.BuildProtocol(peer);
    }

    /// <summary>The attempt failed with <paramref name="reason"/> (a <see cref="ConnectException"/>).</summary>
    internal void ConnectionFailed(Failure reason)
    {
        CancelTimeout();
        _transport = null;
        _state = State.Disconnected;
        Guard("ClientConnectionFailed", () => _factory.ClientConnectionFailed(this, reason));
        StopFactoryIfIdle();
    }

    /// <summary>The connection the connector made has ended.</summary>
    internal void ConnectionLost(Failure reason)
    {
        _state = State.Disconnected;
        _transport = null;
        Guard("ClientConnectionLost", () => _factory.ClientConnectionLost(this, reason));
        StopFactoryIfIdle();
    }

    private void StopFactoryIfIdle()
    {
        if (_state == State.Disconnected && _factoryStarted)
        {
            _factoryStarted = false;
            _factory.DoStop();
        }
    }

    private void CancelTimeout()
    {
        if (_timeoutCall is { Active: true } call)
        {
            call.Cancel();
        }

        _timeoutCall = null;
    }

    private void Guard(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _reactor.TcpLogger.LogError(e, "Unhandled exception in {Factory}.{Method}.", FactoryName, what);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"TcpConnector({_host}:{_port}, {_state})";
}
