namespace Torsion.Testing;

/// <summary>What was last asked of a <see cref="StringTransport"/> as a push producer (Twisted's <c>producerState</c>).</summary>
public enum ProducerState
{
    /// <summary>Reading (the initial state, and after <c>ResumeProducing</c>).</summary>
    Producing,

    /// <summary>Paused by <c>PauseProducing</c>.</summary>
    Paused,

    /// <summary>Stopped for good by <c>StopProducing</c>.</summary>
    Stopped,
}
