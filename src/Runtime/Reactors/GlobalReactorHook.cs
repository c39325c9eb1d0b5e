using System.Runtime.CompilerServices;

namespace Torsion;

/// <summary>
/// Connects the task helpers (<see cref="LoopingCall"/>, <see cref="Cooperator"/>) to the global
/// reactor when they were given no clock, the way Twisted's <c>task</c> module imports
/// <c>twisted.internet.reactor</c>: their first scheduling uses <see cref="Reactor.Instance"/>,
/// installing the platform default if nothing was installed.
/// </summary>
internal static class GlobalReactorHook
{
#pragma warning disable CA2255 // A module initializer is the one place to register the hook before any helper runs.
    [ModuleInitializer]
    internal static void Register() => DefaultReactorTime.Provider = static () => Reactor.Instance;
#pragma warning restore CA2255
}
