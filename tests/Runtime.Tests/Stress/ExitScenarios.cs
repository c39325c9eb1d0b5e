using System;
using System.Collections.Generic;

namespace Torsion.Tests.Stress;

/// <summary>Programs whose behaviour at process exit is tested (see <see cref="ChildProcess"/>).</summary>
internal static class ExitScenarios
{
    /// <summary>Every scenario, by the name the child process is given.</summary>
    public static readonly IReadOnlyDictionary<string, Action> All = new Dictionary<string, Action>();
}
