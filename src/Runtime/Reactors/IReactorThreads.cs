namespace Torsion;

/// <summary>
/// Moving work between the reactor thread and other threads (Twisted's <c>IReactorThreads</c>,
/// <c>IReactorFromThreads</c> and <c>IReactorInThreads</c>).
/// </summary>
public interface IReactorThreads
{
    /// <summary>
    /// The only thread-safe reactor method: queues <paramref name="callable"/> to run on the
    /// reactor thread at the next loop iteration, in FIFO order, and wakes the loop. Calls queued
    /// before <see cref="IReactorCore.Run"/> wait for it.
    /// </summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    void CallFromThread(System.Action callable);

    /// <summary>Runs <paramref name="callable"/> on the reactor's thread pool. An exception it throws is logged.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    void CallInThread(System.Action callable);

    /// <summary>Sets the maximum number of threads of the reactor's thread pool (10 by default).</summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    void SuggestThreadPoolSize(int size);

    /// <summary>The reactor's thread pool, created on first use and started when the reactor runs;
    /// it is stopped "during shutdown".</summary>
    ReactorThreadPool GetThreadPool();
}
