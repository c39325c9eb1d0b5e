namespace Torsion;

/// <summary>
/// A producer that writes one chunk each time it is asked (Twisted's <c>IPullProducer</c>,
/// registered with <c>streaming: false</c>). A transport asks at once on registration and again each
/// time its write buffer has drained.
/// </summary>
public interface IPullProducer : IProducer
{
    /// <summary>Writes the next chunk of data to the consumer (or unregisters itself when it has no more).</summary>
    void ResumeProducing();
}
