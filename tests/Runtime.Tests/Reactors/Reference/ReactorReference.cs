using System.Collections.Generic;
using Torsion.Tests.Reference;

namespace Torsion.Tests.Reactors.Reference;

/// <summary>
/// Twisted's trace of every reactor scenario: what reactor_reference.py printed under Twisted's
/// EPollReactor, recorded in reactor_reference.twisted.txt by tools/record-twisted-references.sh
/// (CI re-records it with live Twisted and fails on any change).
/// </summary>
internal static class ReactorReference
{
    /// <summary>The recording's path from the repository root.</summary>
    public const string RecordingPath = "tests/Runtime.Tests/Reactors/Reference/reactor_reference.twisted.txt";

    /// <summary>The recording.</summary>
    public static RecordedTraceFile Recording => RecordedTraceFile.Load(RecordingPath);

    /// <summary>Twisted's trace of every scenario, by name.</summary>
    public static IReadOnlyDictionary<string, List<string>> Traces => Recording.Traces;
}
