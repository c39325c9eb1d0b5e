using System;

namespace Torsion.Samples.Echo;

/// <summary>Sends every byte back. When the client half-closes, it finishes sending and closes.</summary>
public sealed class EchoServerProtocol : Protocol, IHalfCloseableProtocol
{
    /// <inheritdoc/>
    public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);

    /// <summary>The client will send nothing more: close once everything is echoed.</summary>
    public void ReadConnectionLost() => Transport.LoseConnection();

    /// <inheritdoc/>
    public void WriteConnectionLost()
    {
    }
}
