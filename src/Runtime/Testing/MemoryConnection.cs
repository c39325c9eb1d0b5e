namespace Torsion.Testing;

/// <summary>A protocol connected by the test doubles, and its recording transport.</summary>
/// <param name="Protocol">The protocol the factory built.</param>
/// <param name="Transport">Its transport: read what the protocol wrote with <see cref="StringTransport.Value"/>.</param>
public sealed record MemoryConnection(IProtocol Protocol, StringTransportWithDisconnection Transport);
