using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Torsion.Tests.Reference;

/// <summary>
/// The differential check against Twisted: every scenario of scenarios/scenarios.txt runs against
/// Torsion's untyped Deferred (<see cref="ReferenceInterpreter"/>), and its trace must be identical,
/// line for line, to Twisted's: what twisted_interpreter.py printed for the same scenario under
/// Twisted, recorded in scenarios/scenarios.twisted.txt (see <see cref="TwistedReference"/>). No
/// Python runs here; CI re-records the traces with live Twisted and fails if any changed.
/// </summary>
public class DifferentialTests
{
    /// <summary>The names of the scenarios Torsion must run exactly as Twisted does.</summary>
    public static TheoryData<string> MatchingScenarios() => NamesOf(ReferenceScenarioFile.Matching);

    /// <summary>The names of the scenarios where Torsion knowingly differs from Twisted.</summary>
    public static TheoryData<string> DivergentScenarios() => NamesOf(ReferenceScenarioFile.Divergences);

    [Theory]
    [MemberData(nameof(MatchingScenarios))]
    public void UntypedDeferredTraceMatchesTwisted(string name)
    {
        (List<string> twisted, List<string> torsion) = RunBoth(ReferenceScenarioFile.Matching, name);

        if (!twisted.SequenceEqual(torsion, StringComparer.Ordinal))
        {
            Assert.Fail(DescribeDifference(name, twisted, torsion));
        }
    }

    [Theory]
    [MemberData(nameof(DivergentScenarios))]
    public void KnownDivergenceStillDiffersFromTwisted(string name)
    {
        (List<string> twisted, List<string> torsion) = RunBoth(ReferenceScenarioFile.Divergences, name);

        Assert.False(
            twisted.SequenceEqual(torsion, StringComparer.Ordinal),
            "Scenario '" + name + "' of divergences.txt now runs exactly as in Twisted: move it to scenarios.txt and update the list of divergences.");
    }

    [Fact]
    public void EveryScenarioHasARecordedTraceAndEveryRecordedTraceAScenario()
    {
        IReadOnlyList<ReferenceScenario> scenarios = ReferenceScenarioFile.Load(ReferenceScenarioFile.Matching);
        Assert.True(scenarios.Count >= 25, "The differential check needs at least 25 scenarios; scenarios.txt has " + scenarios.Count + ".");
        Assert.StartsWith("2", TwistedReference.TwistedVersion, StringComparison.Ordinal);
        foreach (string file in new[] { ReferenceScenarioFile.Matching, ReferenceScenarioFile.Divergences })
        {
            RecordedTraceFile recording = TwistedReference.RecordingOf(file);
            var written = ReferenceScenarioFile.Load(file).Select(s => s.Name).ToList();
            RecordingCoverage.AssertSameNames(file, written, recording);
            Assert.All(recording.Traces.Values, trace => Assert.Contains(trace, line => line.StartsWith("final ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void ScenarioParserRejectsStatementsBeforeTheFirstScenario()
    {
        var error = Assert.Throws<ReferenceScenarioException>(() => ReferenceScenarioFile.Parse(new[] { "new d", "== s" }));
        Assert.Contains("before the first scenario", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterpreterRejectsUnknownOutcomes()
    {
        ReferenceScenario scenario = ReferenceScenarioFile.Parse(new[] { "== bad", "new d", "d addCallback cb1 frobnicate" })[0];
        Assert.Throws<ReferenceScenarioException>(() => ReferenceInterpreter.Run(scenario));
    }

    [Fact]
    public void InterpreterRejectsMalformedStatementsInsideHandlers()
    {
        ReferenceScenario scenario = ReferenceScenarioFile.Parse(new[] { "== bad", "new d", "on cb1: d frobnicate", "d addCallback cb1 pass", "d callback 1" })[0];
        Assert.Throws<ReferenceScenarioException>(() => ReferenceInterpreter.Run(scenario));
    }

    private static TheoryData<string> NamesOf(string file)
    {
        var data = new TheoryData<string>();
        foreach (ReferenceScenario scenario in ReferenceScenarioFile.Load(file))
        {
            data.Add(scenario.Name);
        }

        return data;
    }

    private static (List<string> Twisted, List<string> Torsion) RunBoth(string file, string name)
    {
        ReferenceScenario scenario = ReferenceScenarioFile.Load(file).Single(s => s.Name == name);
        Assert.True(
            TwistedReference.TracesOf(file).TryGetValue(name, out List<string>? twisted),
            "Twisted's recording " + TwistedReference.RecordingPathOf(file) + " has no trace for scenario '" + name + "' of " + file + ": run tools/record-twisted-references.sh.");
        return (twisted!, ReferenceInterpreter.Run(scenario));
    }

    private static string DescribeDifference(string name, List<string> expected, List<string> actual)
    {
        int first = 0;
        while (first < expected.Count && first < actual.Count && expected[first] == actual[first])
        {
            first++;
        }

        var text = new StringBuilder();
        text.AppendLine("Scenario '" + name + "': Torsion's trace differs from Twisted " + TwistedReference.TwistedVersion + "'s at line " + (first + 1) + ".");
        text.AppendLine("--- Twisted");
        AppendNumbered(text, expected, first);
        text.AppendLine("--- Torsion");
        AppendNumbered(text, actual, first);
        return text.ToString();
    }

    private static void AppendNumbered(StringBuilder text, List<string> lines, int first)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            text.Append(i == first ? "=> " : "   ").Append((i + 1).ToString("D2", CultureInfo.InvariantCulture)).Append(' ').AppendLine(lines[i]);
        }
    }
}
