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

    /// <summary>
    /// The state-passing form of <see cref="CallFromThread(System.Action)"/>: queues
    /// <c>callable(state)</c> (thread-safe, FIFO with the other thread calls). Reactors queue the
    /// state without a closure; this default implementation wraps it in one.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to <paramref name="callable"/>.</typeparam>
    /// <param name="callable">What to run on the reactor thread.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    void CallFromThread<TState>(System.Action<TState> callable, TState state)
    {
        System.ArgumentNullException.ThrowIfNull(callable);
        CallFromThread(() => callable(state));
    }

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
