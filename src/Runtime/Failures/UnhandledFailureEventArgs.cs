using System;

namespace Torsion;

/// <summary>The arguments of <see cref="UnhandledFailures.Unhandled"/>.</summary>
public sealed class UnhandledFailureEventArgs : EventArgs
{
    internal UnhandledFailureEventArgs(Failure failure, string origin)
    {
        Failure = failure;
        Origin = origin;
    }

    /// <summary>The failure nothing handled.</summary>
    public Failure Failure { get; }

    /// <summary>What held it: for example "Deferred&lt;Int32&gt;".</summary>
    public string Origin { get; }

    /// <summary>Set to true to stop the failure from being logged.</summary>
    public bool Observed { get; set; }
}
