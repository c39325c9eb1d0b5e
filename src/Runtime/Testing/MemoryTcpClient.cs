using System;
using System.Net;

namespace Torsion.Testing;

/// <summary>One <see cref="MemoryReactor.ConnectTcp"/> call: its arguments and the connector it returned.</summary>
/// <param name="Host">The host given.</param>
/// <param name="Port">The port given.</param>
/// <param name="Factory">The client factory given.</param>
/// <param name="Timeout">The timeout (30 seconds when none was given).</param>
/// <param name="BindAddress">The local address given, or null.</param>
/// <param name="Connector">The connector returned; make its attempt succeed, fail or end through it.</param>
public sealed record MemoryTcpClient(string Host, int Port, ClientFactory Factory, TimeSpan Timeout, IPEndPoint? BindAddress, MemoryConnector Connector);
