using System.Collections.Generic;
using System.Net;

namespace Torsion.Endpoints;

/// <summary>Resolves host names for a <see cref="HostnameEndpoint"/> without blocking the reactor thread (Twisted's <c>IHostnameResolver</c>, reduced to what the endpoint needs).</summary>
public interface IHostnameResolver
{
    /// <summary>
    /// Resolves <paramref name="hostname"/>. The Deferred fires on the reactor thread with the addresses in
    /// the order to try them (possibly none), or fails with a <see cref="DnsLookupException"/>. Cancelling
    /// it abandons the lookup.
    /// </summary>
    Deferred<IReadOnlyList<IPAddress>> ResolveHostName(string hostname);
}
