using System;
using System.Collections.Generic;

namespace Torsion.Tests.Reference;

/// <summary>
/// Twisted's traces of the Deferred scenarios: what scenarios/twisted_interpreter.py printed for
/// scenarios.txt and divergences.txt under Twisted, recorded in scenarios/FILE.twisted.txt by
/// tools/record-twisted-references.sh (CI re-records them with live Twisted and fails on any change).
/// </summary>
internal static class TwistedReference
{
    /// <summary>The Twisted version the traces came from (e.g. "22.4.0").</summary>
    public static string TwistedVersion => RecordingOf(ReferenceScenarioFile.Matching).TwistedVersion;

    /// <summary>The path, from the repository root, of the recording made from scenario file <paramref name="fileName"/>.</summary>
    public static string RecordingPathOf(string fileName)
        => "tests/Runtime.Tests/Reference/scenarios/" + fileName[..^".txt".Length] + ".twisted.txt";

    /// <summary>The recording made from scenario file <paramref name="fileName"/>.</summary>
    public static RecordedTraceFile RecordingOf(string fileName) => RecordedTraceFile.Load(RecordingPathOf(fileName));

    /// <summary>The Twisted trace of every scenario of <paramref name="fileName"/>, by scenario name.</summary>
    public static IReadOnlyDictionary<string, List<string>> TracesOf(string fileName) => RecordingOf(fileName).Traces;
}
