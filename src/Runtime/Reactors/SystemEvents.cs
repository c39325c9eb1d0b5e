namespace Torsion;

/// <summary>The names of the system events every reactor fires itself.</summary>
public static class SystemEvents
{
    /// <summary>Fired by <see cref="IReactorCore.Run"/>; "during startup" makes the reactor
    /// <see cref="IReactorCore.Running"/>, "after startup" runs the <see cref="IReactorCore.CallWhenRunning"/> callables.</summary>
    public const string Startup = "startup";

    /// <summary>Fired on the loop iteration after <see cref="IReactorCore.Stop"/>; "during shutdown"
    /// disconnects every descriptor, stops the thread pool and ends the loop.</summary>
    public const string Shutdown = "shutdown";
}
