using System;

namespace Torsion;

/// <summary>
/// One end of a connection as its protocol sees it (Twisted's <c>ITransport</c>): writing, closing,
/// and the two addresses. A transport is also the protocol's consumer (a producer can be registered
/// with it) and a push producer of incoming data (<see cref="IPushProducer.PauseProducing"/> stops
/// reading from the peer until <see cref="IPushProducer.ResumeProducing"/>).
/// </summary>
/// <remarks>Every member must be called on the reactor thread.</remarks>
public interface ITransport : IConsumer, IPushProducer
{
    /// <summary>
    /// Writes each buffer of <paramref name="data"/> in order, as one <see cref="IConsumer.Write"/>
    /// each would (Twisted's <c>writeSequence</c>), possibly in fewer system calls.
    /// </summary>
    void WriteSequence(params ReadOnlySpan<ReadOnlyMemory<byte>> data);

    /// <summary>
    /// Closes the connection once everything written so far has been sent and any registered
    /// producer has unregistered. The protocol then gets <c>ConnectionLost</c> with a
    /// <see cref="ConnectionDoneException"/>. Calling it again does nothing.
    /// </summary>
    void LoseConnection();

    /// <summary>True once <see cref="LoseConnection"/> (or an abort) has been asked for: framing
    /// protocols stop delivering messages then, as in Twisted.</summary>
    bool Disconnecting { get; }

    /// <summary>The address of the other end.</summary>
    IAddress GetPeer();

    /// <summary>The address of this end.</summary>
    IAddress GetHost();
}
