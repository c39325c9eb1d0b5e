using System;
using System.Collections.Generic;
using System.Net;

namespace Torsion.Endpoints;

/// <summary>
/// Connects to a host name by racing its addresses (Twisted's <c>HostnameEndpoint</c>, "Happy
/// Eyeballs"): the name is resolved off the reactor thread, then one connection attempt starts per
/// address, in the resolver's order, each <see cref="AttemptDelay"/> after the previous one, until one
/// succeeds; the first success wins and the attempts still running are cancelled.
/// </summary>
/// <remarks>
/// <para>
/// As in Twisted: a later attempt starts on its schedule even when an earlier one already failed;
/// when every attempt failed, the Deferred fails with the last failure; no addresses at all gives a
/// <see cref="DnsLookupException"/> ("no results for hostname lookup"); cancelling fails the Deferred
/// with a <see cref="ConnectingCancelledException"/> whose address is a <see cref="HostnameAddress"/> and
/// stops the lookup and every attempt. A literal IP address is not looked up. A connection that
/// completes after another attempt already won is closed at once.
/// </para>
/// </remarks>
public sealed class HostnameEndpoint : IStreamClientEndpoint
{
    private readonly IReactorTcp _reactor;
    private readonly IReactorTime _clock;
    private readonly IHostnameResolver _resolver;

    /// <summary>The default delay between attempts: 0.3 seconds, Twisted's.</summary>
    public static TimeSpan DefaultAttemptDelay { get; } = TimeSpan.FromSeconds(0.3);

    /// <summary>Creates the endpoint.</summary>
    /// <param name="reactor">Connects and keeps time: it must also be an <see cref="IReactorTime"/> (every reactor and <c>MemoryReactor</c> is).</param>
    /// <param name="host">The host name (or literal address).</param>
    /// <param name="port">The port, 1–65535.</param>
    /// <param name="timeout">How long each attempt may take; 30 seconds unless given.</param>
    /// <param name="bindAddress">The local address to connect from, or null.</param>
    /// <param name="attemptDelay">The delay between starting attempts; <see cref="DefaultAttemptDelay"/> unless given.</param>
    /// <param name="resolver">Resolves the name; a <see cref="SystemHostnameResolver"/> on <paramref name="reactor"/> when null (which then must be an <see cref="IReactorThreads"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> or <paramref name="host"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reactor"/> is not an <see cref="IReactorTime"/>, or no resolver is given and it is not an <see cref="IReactorThreads"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/>, <paramref name="timeout"/> or <paramref name="attemptDelay"/> is out of range.</exception>
    public HostnameEndpoint(IReactorTcp reactor, string host, int port, TimeSpan? timeout = null, IPEndPoint? bindAddress = null, TimeSpan? attemptDelay = null, IHostnameResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A connect timeout must be positive.");
        }

        if (attemptDelay is { } a && a < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(attemptDelay), attemptDelay, "The attempt delay cannot be negative.");
        }

        _reactor = reactor;
        _clock = reactor as IReactorTime
            ?? throw new ArgumentException($"{reactor.GetType().Name} is not an IReactorTime: a HostnameEndpoint needs one to stagger its attempts.", nameof(reactor));
        _resolver = resolver
            ?? (reactor is IReactorThreads threads
                ? new SystemHostnameResolver(threads)
                : throw new ArgumentException($"{reactor.GetType().Name} is not an IReactorThreads: give a resolver.", nameof(resolver)));
        Host = host;
        Port = port;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
        BindAddress = bindAddress;
        AttemptDelay = attemptDelay ?? DefaultAttemptDelay;
    }

    /// <summary>The host name.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>How long each attempt may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The local address to connect from, or null.</summary>
    public IPEndPoint? BindAddress { get; }

    /// <summary>The delay between starting attempts.</summary>
    public TimeSpan AttemptDelay { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public Deferred<IProtocol> Connect(IProtocolFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Race(this, factory).Start();
    }

    /// <inheritdoc/>
    public override string ToString() => $"HostnameEndpoint({Host}:{Port})";

    /// <summary>One <see cref="Connect"/> call: the lookup, the staggered attempts and the winner.</summary>
    private sealed class Race
    {
        private readonly HostnameEndpoint _endpoint;
        private readonly IProtocolFactory _factory;
        private readonly Deferred<IProtocol> _winner;
        private readonly List<Deferred<IProtocol>> _pending = new();
        private Deferred<IReadOnlyList<IPAddress>>? _lookup;
        private IReadOnlyList<IPAddress> _addresses = Array.Empty<IPAddress>();
        private int _next;
        private bool _endpointsLeft = true;
        private bool _completed;
        private Failure? _lastFailure;
        private IDelayedCall? _tick;

        public Race(HostnameEndpoint endpoint, IProtocolFactory factory)
        {
            _endpoint = endpoint;
            _factory = factory;
            _winner = new Deferred<IProtocol>(Cancel);
        }

        public Deferred<IProtocol> Start()
        {
            if (IPAddress.TryParse(_endpoint.Host, out IPAddress? literal))
            {
                Begin(new[] { literal });
                return _winner;
            }

            Deferred<IReadOnlyList<IPAddress>> lookup;
            try
            {
                lookup = _endpoint._resolver.ResolveHostName(_endpoint.Host);
            }
            catch (Exception exception)
            {
                Finish(new Failure(exception));
                return _winner;
            }

            _lookup = lookup;
            lookup.AddCallbacks(
                addresses =>
                {
                    _lookup = null;
                    if (!_completed)
                    {
                        Begin(addresses);
                    }

                    return addresses;
                },
                failure =>
                {
                    _lookup = null;
                    if (!_completed)
                    {
                        Finish(failure.Value is DnsLookupException
                            ? failure
                            : new Failure(new DnsLookupException($"Couldn't find the hostname '{_endpoint.Host}': {failure.Value.Message}", failure.Value)));
                    }

                    return Array.Empty<IPAddress>();
                });
            return _winner;
        }

        private void Begin(IReadOnlyList<IPAddress> addresses)
        {
            if (addresses.Count == 0)
            {
                Finish(new Failure(new DnsLookupException($"no results for hostname lookup: {_endpoint.Host}")));
                return;
            }

            _addresses = addresses;
            Tick();
        }

        /// <summary>Starts the next attempt, or notes that there is none left (Twisted's LoopingCall tick).</summary>
        private void Tick()
        {
            _tick = null;
            if (_completed)
            {
                return;
            }

            if (_next >= _addresses.Count)
            {
                _endpointsLeft = false;
                CheckDone();
                return;
            }

            IPAddress address = _addresses[_next++];
            var attemptEndpoint = new TcpClientEndpoint(_endpoint._reactor, address.ToString(), _endpoint.Port, _endpoint.Timeout, _endpoint.BindAddress);
            Deferred<IProtocol> attempt = attemptEndpoint.Connect(_factory);
            _pending.Add(attempt);
            attempt.AddCallbacks(
                protocol =>
                {
                    _pending.Remove(attempt);
                    if (_completed)
                    {
                        // Another attempt won (or the race was cancelled): this connection is not wanted.
                        (protocol as Protocol)?.TransportOrNull?.LoseConnection();
                    }
                    else
                    {
                        Win(protocol);
                    }

                    return protocol;
                },
                failure =>
                {
                    _pending.Remove(attempt);
                    if (!_completed)
                    {
                        _lastFailure = failure;
                        CheckDone();
                    }

                    return null!;
                });
            if (!_completed)
            {
                _tick = _endpoint._clock.CallLater(_endpoint.AttemptDelay, Tick);
            }
        }

        private void CheckDone()
        {
            if (_pending.Count > 0 || _completed || _endpointsLeft)
            {
                return;
            }

            Finish(_lastFailure ?? new Failure(new ConnectException($"Every connection attempt to {_endpoint.Host}:{_endpoint.Port} failed.")));
        }

        private void Win(IProtocol protocol)
        {
            StopEverything();
            _winner.Callback(protocol);
        }

        private void Finish(Failure failure)
        {
            StopEverything();
            _winner.Errback(failure);
        }

        private void Cancel(Deferred<IProtocol> winner)
        {
            if (_completed)
            {
                return;
            }

            StopEverything();
            winner.Errback(new ConnectingCancelledException(new HostnameAddress(_endpoint.Host, _endpoint.Port)));
        }

        private void StopEverything()
        {
            _completed = true;
            if (_tick is { Active: true })
            {
                _tick.Cancel();
            }

            _tick = null;
            _lookup?.Cancel();
            _lookup = null;
            foreach (Deferred<IProtocol> remaining in _pending.ToArray())
            {
                remaining.Cancel();
            }
        }
    }
}
