using System;

namespace Torsion;

/// <summary>
/// Something that takes bytes and can throttle one registered producer (Twisted's <c>IConsumer</c>).
/// Every <see cref="ITransport"/> is a consumer.
/// </summary>
public interface IConsumer
{
    /// <summary>
    /// Registers <paramref name="producer"/> to be throttled by this consumer: a push producer
    /// (<paramref name="streaming"/> true) is paused and resumed as the buffer fills and drains; a pull
    /// producer (<paramref name="streaming"/> false) is asked for data at once and whenever the
    /// buffer drains. When the consumer is already disconnected, the producer is stopped at once
    /// instead.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="producer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="streaming"/> is true and the producer is not an
    /// <see cref="IPushProducer"/>, or false and it is not an <see cref="IPullProducer"/>.</exception>
    /// <exception cref="InvalidOperationException">Another producer is registered and was never
    /// unregistered (Twisted's <c>RuntimeError</c>); the message names both producers.</exception>
    void RegisterProducer(IProducer producer, bool streaming);

    /// <summary>Forgets the registered producer, if any. A pending <c>LoseConnection</c> then proceeds.</summary>
    void UnregisterProducer();

    /// <summary>
    /// Queues <paramref name="data"/> to be sent, in order, after everything written before. The
    /// bytes are copied (or sent) before the call returns, so the caller may reuse its buffer. Before
    /// the connection is made, after it is lost, after an abort and after <c>LoseWriteConnection</c>
    /// the data is silently dropped, as in Twisted; after <c>LoseConnection</c> it is still sent before
    /// the close (so a registered producer can finish).
    /// </summary>
    void Write(ReadOnlySpan<byte> data);
}
