namespace Torsion;

/// <summary>
/// A producer that writes whenever it has data, until told to pause (Twisted's
/// <c>IPushProducer</c>, registered with <c>streaming: true</c>). A transport pauses it when its
/// write buffer passes the high-water mark and resumes it when the buffer has drained.
/// </summary>
public interface IPushProducer : IProducer
{
    /// <summary>Stops writing until <see cref="ResumeProducing"/> is called. Calling it while paused does nothing.</summary>
    void PauseProducing();

    /// <summary>Starts writing again after <see cref="PauseProducing"/>. Calling it while not paused does nothing.</summary>
    void ResumeProducing();
}
