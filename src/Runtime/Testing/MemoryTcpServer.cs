namespace Torsion.Testing;

/// <summary>One <see cref="MemoryReactor.ListenTcp"/> call: its arguments and the port it returned.</summary>
/// <param name="Port">The port asked for.</param>
/// <param name="Factory">The factory given.</param>
/// <param name="Backlog">The backlog given.</param>
/// <param name="Interface">The interface given ("" for all IPv4 addresses).</param>
/// <param name="ListeningPort">The port returned; accept connections on it with <see cref="MemoryListeningPort.Accept"/>.</param>
public sealed record MemoryTcpServer(int Port, IProtocolFactory Factory, int Backlog, string Interface, MemoryListeningPort ListeningPort);
