using System;

namespace Torsion.Samples.Echo;

/// <summary>
/// Sends every byte back. The transport is registered as its own producer, so reading from a client
/// pauses while more than 64 KiB of echo waits to be sent: a client that sends fast and reads slowly
/// is throttled instead of filling the server's memory. When the client half-closes, it finishes
/// sending and closes.
/// </summary>
public sealed class EchoServerProtocol : Protocol, IHalfCloseableProtocol
{
    /// <summary>Throttles reading by the write buffer (Twisted's <c>registerProducer(transport, True)</c> idiom).</summary>
    public override void ConnectionMade() => Transport.RegisterProducer(Transport, streaming: true);

    /// <inheritdoc/>
    public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);

    /// <summary>The client will send nothing more: close once everything is echoed.</summary>
    public void ReadConnectionLost()
    {
        Transport.UnregisterProducer();
        Transport.LoseConnection();
    }

    /// <inheritdoc/>
    public void WriteConnectionLost()
    {
    }
}
