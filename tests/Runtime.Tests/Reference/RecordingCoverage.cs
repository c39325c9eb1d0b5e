using System;
using System.Collections.Generic;
using System.Linq;

namespace Torsion.Tests.Reference;

/// <summary>
/// Checks that the scenarios written for Torsion and the traces recorded from Twisted are the same
/// set: a scenario with no recorded trace was never checked against Twisted, and a recorded trace
/// with no scenario checks nothing.
/// </summary>
internal static class RecordingCoverage
{
    /// <summary>
    /// Describes how <paramref name="scenarios"/> (the names the C# side runs, owned by
    /// <paramref name="owner"/>) and the blocks of <paramref name="recording"/> differ, or returns
    /// null when they name the same scenarios.
    /// </summary>
    public static string? Difference(string owner, IEnumerable<string> scenarios, RecordedTraceFile recording)
    {
        var written = new SortedSet<string>(scenarios, StringComparer.Ordinal);
        var recorded = new SortedSet<string>(recording.Names, StringComparer.Ordinal);
        var unrecorded = written.Where(name => !recorded.Contains(name)).ToList();
        var orphaned = recorded.Where(name => !written.Contains(name)).ToList();
        if (unrecorded.Count == 0 && orphaned.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (unrecorded.Count > 0)
        {
            parts.Add("scenarios of " + owner + " with no trace recorded from Twisted in " + recording.Path + ": " + string.Join(", ", unrecorded)
                + " (add them to the Python reference and run tools/record-twisted-references.sh)");
        }

        if (orphaned.Count > 0)
        {
            parts.Add("traces recorded in " + recording.Path + " with no scenario in " + owner + ": " + string.Join(", ", orphaned));
        }

        return string.Join("; ", parts) + ".";
    }

    /// <summary>Fails the test when <see cref="Difference"/> finds one.</summary>
    public static void AssertSameNames(string owner, IEnumerable<string> scenarios, RecordedTraceFile recording)
    {
        string? difference = Difference(owner, scenarios, recording);
        if (difference is not null)
        {
            Assert.Fail(difference);
        }
    }
}
