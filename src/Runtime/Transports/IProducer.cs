namespace Torsion;

/// <summary>
/// Something that writes data to a consumer (Twisted's <c>IProducer</c>): the common part of
/// <see cref="IPushProducer"/> and <see cref="IPullProducer"/>.
/// </summary>
public interface IProducer
{
    /// <summary>
    /// Stops producing for good. Called by the consumer when it can take no more data, for example
    /// when the connection the producer writes to is lost, or when the producer is registered with a
    /// transport that is already disconnected.
    /// </summary>
    void StopProducing();
}
