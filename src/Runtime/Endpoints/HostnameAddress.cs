namespace Torsion.Endpoints;

/// <summary>A host name and port not yet resolved (Twisted's <c>HostnameAddress</c>): what a <see cref="HostnameEndpoint"/> connects to.</summary>
/// <param name="Hostname">The host name as given.</param>
/// <param name="Port">The port.</param>
public sealed record HostnameAddress(string Hostname, int Port) : IAddress
{
    /// <summary>Twisted's form: <c>HostnameAddress(hostname='example.com', port=80)</c>.</summary>
    public override string ToString() => $"HostnameAddress(hostname='{Hostname}', port={Port})";
}
