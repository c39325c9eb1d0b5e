using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Torsion.Tests.Packaging;

namespace Torsion.Tests.Reference;

/// <summary>
/// The recordings of Twisted's output (<c>*.twisted.txt</c>) that the differential and Tour tests
/// compare against: each one is where the recording script puts it, names the Twisted and Python
/// versions it came from, and was made from the sources as they are now.
/// </summary>
public class RecordingsTests
{
    private const string TourReference = "tests/Runtime.Tests/Tour/reference";

    [Fact]
    public void The_recordings_are_exactly_the_ones_the_recording_script_makes()
    {
        var expected = new List<string>
        {
            TwistedReference.RecordingPathOf(ReferenceScenarioFile.Matching),
            TwistedReference.RecordingPathOf(ReferenceScenarioFile.Divergences),
            "tests/Runtime.Tests/Reactors/Reference/reactor_reference.twisted.txt",
            "tests/Runtime.Tests/Utilities/Reference/utilities_reference.twisted.txt",
        };
        expected.AddRange(Directory.GetFiles(Path.Combine(RepositoryLayout.Root, TourReference), "*-*.py")
            .Select(script => TourReference + "/" + Path.GetFileNameWithoutExtension(script) + ".twisted.txt"));
        expected.Sort(StringComparer.Ordinal);

        Assert.Equal(expected, RecordedTraceFile.All());
    }

    [Fact]
    public void Every_recording_names_the_Twisted_and_Python_versions_and_its_sources()
    {
        IReadOnlyList<string> all = RecordedTraceFile.All();
        Assert.NotEmpty(all);
        foreach (string path in all)
        {
            RecordedTraceFile recording = RecordedTraceFile.Load(path);
            Assert.Matches(@"^\d+\.\d+(\.\d+)?", recording.TwistedVersion);
            Assert.Matches(@"^3\.\d+\.\d+", recording.PythonVersion);
            Assert.NotEmpty(recording.Sources);
            Assert.NotEmpty(recording.Names);
        }
    }

    [Fact]
    public void Every_recording_was_made_from_its_sources_as_they_are_now()
    {
        var stale = new List<string>();
        foreach (string path in RecordedTraceFile.All())
        {
            foreach (RecordedSource source in RecordedTraceFile.Load(path).Sources)
            {
                string full = Path.Combine(RepositoryLayout.Root, source.Path);
                if (!File.Exists(full))
                {
                    stale.Add(path + ": its source " + source.Path + " no longer exists");
                }
                else if (RecordedTraceFile.HashOf(full) != source.Sha256)
                {
                    stale.Add(path + ": " + source.Path + " changed after the recording");
                }
            }
        }

        Assert.True(stale.Count == 0, string.Join("\n", stale) + "\nRun tools/record-twisted-references.sh (needs Twisted) and commit the recordings.");
    }

    [Fact]
    public void The_parser_reads_the_header_and_the_blocks()
    {
        string hash = new('a', 64);
        RecordedTraceFile recording = RecordedTraceFile.Parse("x.twisted.txt", string.Join("\r\n",
            "# made by a test",
            "# twisted: 22.4.0",
            "# python: 3.11.2",
            "# source: dir/script.py sha256:" + hash,
            "=== second",
            "line 1",
            "",
            "# not a comment inside a block",
            "=== end",
            "=== first",
            "=== end",
            string.Empty));

        Assert.Equal("22.4.0", recording.TwistedVersion);
        Assert.Equal("3.11.2", recording.PythonVersion);
        Assert.Equal(new[] { new RecordedSource("dir/script.py", hash) }, recording.Sources);
        Assert.Equal(new[] { "second", "first" }, recording.Names);
        Assert.Equal(new[] { "line 1", string.Empty, "# not a comment inside a block" }, recording.Traces["second"]);
        Assert.Empty(recording.Traces["first"]);
    }

    [Theory]
    [InlineData("# python: 3.11.2\n=== a\n=== end\n", "'# twisted: VERSION'")]
    [InlineData("# twisted: 22.4.0\n=== a\n=== end\n", "'# python: VERSION'")]
    [InlineData("# twisted: 22.4.0\n# python: 3.11.2\n# source: script.py sha256:abc\n", "'# source: PATH sha256:HEX'")]
    [InlineData("# twisted: 22.4.0\n# python: 3.11.2\n=== a\nline\n", "block 'a' has no '=== end' line")]
    [InlineData("# twisted: 22.4.0\n# python: 3.11.2\nstray\n", "expected '=== NAME' to start a block, found 'stray'")]
    [InlineData("# twisted: 22.4.0\n# python: 3.11.2\n=== a\n=== end\n=== a\n=== end\n", "block 'a' is recorded twice")]
    public void The_parser_rejects_a_malformed_recording_and_says_where(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => RecordedTraceFile.Parse("bad.twisted.txt", text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.twisted.txt, line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_reports_a_scenario_without_a_trace_and_a_trace_without_a_scenario()
    {
        RecordedTraceFile recording = RecordedTraceFile.Parse("r.twisted.txt", "# twisted: 22.4.0\n# python: 3.11.2\n=== shared\n=== end\n=== only_recorded\n=== end\n");

        Assert.Null(RecordingCoverage.Difference("Owner", new[] { "shared", "only_recorded" }, recording));
        string missingTrace = RecordingCoverage.Difference("Owner", new[] { "shared", "only_recorded", "only_written" }, recording)!;
        Assert.Contains("scenarios of Owner with no trace recorded from Twisted in r.twisted.txt: only_written", missingTrace, StringComparison.Ordinal);
        string missingScenario = RecordingCoverage.Difference("Owner", new[] { "shared" }, recording)!;
        Assert.Contains("traces recorded in r.twisted.txt with no scenario in Owner: only_recorded", missingScenario, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_recording_says_how_to_make_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RecordedTraceFile.Load("tests/Runtime.Tests/Reference/none.twisted.txt"));
        Assert.Contains("tools/record-twisted-references.sh", error.Message, StringComparison.Ordinal);
    }
}
