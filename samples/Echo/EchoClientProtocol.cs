using System;
using System.IO;

namespace Torsion.Samples.Echo;

/// <summary>
/// Writes what the server sends to standard output. Standard input is sent by <see cref="Program"/>;
/// at its end this side half-closes, and the server's close ends the program.
/// </summary>
public sealed class EchoClientProtocol : Protocol, IHalfCloseableProtocol
{
    private readonly Stream _output;
    private readonly Action<Failure> _lost;

    /// <summary>Creates the protocol writing to <paramref name="output"/> and calling <paramref name="lost"/> at the end.</summary>
    public EchoClientProtocol(Stream output, Action<Failure> lost)
    {
        _output = output;
        _lost = lost;
    }

    /// <inheritdoc/>
    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        _output.Write(data);
        _output.Flush();
    }

    /// <summary>The server closed its side: nothing more will come.</summary>
    public void ReadConnectionLost() => Transport.LoseConnection();

    /// <inheritdoc/>
    public void WriteConnectionLost()
    {
    }

    /// <inheritdoc/>
    public override void ConnectionLost(Failure reason) => _lost(reason);
}
