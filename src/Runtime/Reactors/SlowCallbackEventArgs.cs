using System;

namespace Torsion;

/// <summary>Describes a callback that kept the reactor busy longer than <see cref="ReactorBase.SlowCallbackThreshold"/>.</summary>
public sealed class SlowCallbackEventArgs : EventArgs
{
    /// <summary>Creates the description.</summary>
    /// <param name="callback">The callback's name: "Namespace.Type.Method" (lambdas show their generated name).</param>
    /// <param name="duration">How long it ran.</param>
    public SlowCallbackEventArgs(string callback, TimeSpan duration)
    {
        Callback = callback;
        Duration = duration;
    }

    /// <summary>The callback's name: "Namespace.Type.Method" (lambdas show their generated name).</summary>
    public string Callback { get; }

    /// <summary>How long the callback ran.</summary>
    public TimeSpan Duration { get; }
}
