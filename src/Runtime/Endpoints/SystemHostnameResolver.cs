using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Endpoints;

/// <summary>
/// Resolves names with the system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>)
/// off the reactor thread, and delivers the result on the reactor thread with
/// <see cref="IReactorThreads.CallFromThread"/>.
/// </summary>
public sealed class SystemHostnameResolver : IHostnameResolver
{
    private readonly IReactorThreads _reactor;

    /// <summary>Creates a resolver that delivers results through <paramref name="reactor"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> is null.</exception>
    public SystemHostnameResolver(IReactorThreads reactor)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        _reactor = reactor;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="hostname"/> is null.</exception>
    public Deferred<IReadOnlyList<IPAddress>> ResolveHostName(string hostname)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        var cancellation = new CancellationTokenSource();
        var result = new Deferred<IReadOnlyList<IPAddress>>(_ => cancellation.Cancel());
        Dns.GetHostAddressesAsync(hostname, cancellation.Token).ContinueWith(
            lookup => _reactor.CallFromThread(() =>
            {
                cancellation.Dispose();
                if (result.Called)
                {
                    return; // cancelled meanwhile
                }

                if (lookup.IsCompletedSuccessfully)
                {
                    result.Callback(lookup.Result);
                }
                else
                {
                    Exception? cause = lookup.Exception?.GetBaseException();
                    result.Errback(cause is null
                        ? new DnsLookupException($"Couldn't find the hostname '{hostname}'.")
                        : new DnsLookupException($"Couldn't find the hostname '{hostname}': {cause.Message}", cause));
                }
            }),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        return result;
    }
}
