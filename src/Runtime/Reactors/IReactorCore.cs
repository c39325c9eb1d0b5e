namespace Torsion;

/// <summary>
/// The core of an event loop: running and stopping it, and the system events fired around that
/// (Twisted's <c>IReactorCore</c>).
/// </summary>
/// <remarks>Every member must be called on the reactor thread while the reactor runs
/// (<see cref="NotOnReactorThreadException"/> otherwise); only <see cref="IReactorThreads.CallFromThread"/> is thread-safe.</remarks>
public interface IReactorCore
{
    /// <summary>True from "during startup" until the loop stops (by <see cref="Stop"/> or <see cref="Crash"/>).</summary>
    bool Running { get; }

    /// <summary>
    /// Fires the startup event and runs the event loop on the calling thread until the reactor is
    /// stopped or crashed. While running, the calling thread is the reactor thread and its
    /// <see cref="System.Threading.SynchronizationContext"/> posts to the reactor, so <c>await</c>
    /// in async methods resumes on it.
    /// </summary>
    /// <param name="installSignalHandlers">When true, SIGINT and SIGTERM stop the reactor gracefully
    /// (shutdown triggers run) for the duration of the run.</param>
    /// <exception cref="ReactorAlreadyRunningException">The reactor is already running.</exception>
    /// <exception cref="ReactorNotRestartableException">The reactor was stopped before.</exception>
    void Run(bool installSignalHandlers = true);

    /// <summary>
    /// Asks the reactor to stop. Asynchronous: the shutdown event ("before", then "during", then
    /// "after" triggers) fires on the next loop iteration, then <see cref="Run"/> returns.
    /// </summary>
    /// <exception cref="ReactorNotRunningException">The reactor is not running, or is already stopping.</exception>
    void Stop();

    /// <summary>Ends the loop at once without firing shutdown triggers. A crashed reactor may <see cref="Run"/> again.</summary>
    void Crash();

    /// <summary>
    /// Calls <paramref name="callable"/> now if the reactor is running; otherwise arranges for it to
    /// be called, in FIFO order, right after the reactor starts ("after startup").
    /// </summary>
    /// <returns>The trigger's handle, or null when the callable was called immediately.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="callable"/> is null.</exception>
    SystemEventTriggerId? CallWhenRunning(System.Action callable);

    /// <summary>
    /// Adds a trigger that runs once when <paramref name="eventType"/> is fired, in
    /// <paramref name="phase"/>. An exception it throws is logged and the other triggers still run.
    /// A "before" trigger may return a <see cref="Deferred"/>, which delays the "during" phase
    /// until it fires; any other return value is ignored.
    /// </summary>
    /// <returns>A handle for <see cref="RemoveSystemEventTrigger"/>.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="phase"/> is not a defined phase.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="eventType"/> or <paramref name="callable"/> is null.</exception>
    SystemEventTriggerId AddSystemEventTrigger(SystemEventPhase phase, string eventType, System.Func<object?> callable);

    /// <summary>Adds a trigger that returns nothing; see the <see cref="System.Func{TResult}"/> overload.</summary>
    /// <returns>A handle for <see cref="RemoveSystemEventTrigger"/>.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="phase"/> is not a defined phase.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="eventType"/> or <paramref name="callable"/> is null.</exception>
    SystemEventTriggerId AddSystemEventTrigger(SystemEventPhase phase, string eventType, System.Action callable);

    /// <summary>
    /// Removes a trigger so it does not run. Removing a "before" trigger that has already run
    /// while its event is firing does nothing.
    /// </summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="triggerId"/> is null.</exception>
    /// <exception cref="System.ArgumentException">The trigger was already removed or has run, or the handle belongs to another reactor.</exception>
    void RemoveSystemEventTrigger(SystemEventTriggerId triggerId);

    /// <summary>Fires the named system event: its "before", "during" and "after" triggers. Unknown events do nothing.</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="eventType"/> is null.</exception>
    void FireSystemEvent(string eventType);
}
