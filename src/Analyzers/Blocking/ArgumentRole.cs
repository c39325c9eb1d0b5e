namespace Torsion.Analyzers.Blocking;

/// <summary>Where the code passed to a parameter (a delegate, or an iterator to drive) runs.</summary>
internal enum ArgumentRole
{
    /// <summary>Unknown: the code runs wherever the called method runs it (usually at once, on the caller's thread).</summary>
    None,

    /// <summary>The code runs on the reactor thread (Deferred callbacks, timed calls, ...).</summary>
    Reactor,

    /// <summary>The code runs on another thread (DeferToThread, Task.Run, ...): it may block.</summary>
    OffReactor,
}
