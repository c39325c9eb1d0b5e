using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Torsion.Tests.Packaging;
using Torsion.Tests.Reactors;
using Torsion.Tests.Reference;

namespace Torsion.Tests.Tour;

/// <summary>
/// The Tour's promise, checked against the real thing: every section prints, line for line, what the
/// tutorial's Python prints under Twisted. Each section has a reference script in <c>reference/</c>
/// — the tutorial's example with its indentation restored and, where the tutorial's program never
/// ends, the same stop the Tour adds (said in the script's first comment) — and Twisted's standard
/// output for it, recorded in <c>reference/SECTION.twisted.txt</c> by
/// tools/record-twisted-references.sh with the delays divided by 100 (<c>TOUR_TIME_SCALE=0.01</c>).
/// The Tour runs with <c>--fast</c> (the same scale) and its standard output is compared with the
/// recording; its headings and notes go to standard error. No Python runs here; CI re-records the
/// output with live Twisted and fails on any change (and tests/Interop.Tests compares live runs).
/// </summary>
[Collection("child processes")]
public sealed class TourMatchesTwistedTests : IClassFixture<TourBuildFixture>
{
    // Bounds a hang only: a section normally takes well under a second.
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    private readonly TourBuildFixture _tour;

    public TourMatchesTwistedTests(TourBuildFixture tour) => _tour = tour;

    private static string ReferenceDirectory => Path.Combine(RepositoryLayout.Root, "tests", "Runtime.Tests", "Tour", "reference");

    private static RecordedTraceFile RecordingOf(string section)
        => RecordedTraceFile.Load("tests/Runtime.Tests/Tour/reference/" + section + ".twisted.txt");

    public static IEnumerable<object[]> Sections() => new[]
    {
        "reactor-hello", "reactor-select", "reactor-calllater", "reactor-loop", "reactor-loopingcall",
        "defer-quick", "defer-reactor", "defer-errback", "defer-both", "defer-chain", "inline-callbacks",
    }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task The_section_prints_what_Twisted_prints(string section)
    {
        RecordedTraceFile recording = RecordingOf(section);
        Assert.True(
            recording.Traces.TryGetValue(section, out List<string>? twisted),
            recording.Path + " has no block '" + section + "': run tools/record-twisted-references.sh");
        Output torsion = await RunAsync("dotnet", new[] { _tour.TourAssembly, "--section", section, "--fast" }, ReferenceDirectory);
        Assert.True(torsion.ExitCode == 0, "the Tour section failed (exit " + torsion.ExitCode + "):\n" + torsion.Errors);

        Assert.NotEmpty(twisted!);
        Assert.Equal(twisted, torsion.Lines);
    }

    [Fact]
    public async Task Every_Tour_section_has_a_reference_script_and_a_recording_and_every_recording_a_section()
    {
        Output list = await RunAsync("dotnet", new[] { _tour.TourAssembly, "--list" }, ReferenceDirectory);
        Assert.Equal(0, list.ExitCode);
        var tourSections = list.Lines.Select(line => line.Split('\t')[0]).OrderBy(name => name, StringComparer.Ordinal).ToList();
        var scripts = Directory.GetFiles(ReferenceDirectory, "*-*.py")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        var recordings = Directory.GetFiles(ReferenceDirectory, "*.twisted.txt")
            .Select(path => Path.GetFileName(path)[..^".twisted.txt".Length])
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        var tested = Sections().Select(row => (string)row[0]).OrderBy(name => name, StringComparer.Ordinal).ToList();

        Assert.Equal(tourSections, scripts);
        Assert.Equal(tourSections, tested);
        Assert.True(
            tourSections.SequenceEqual(recordings, StringComparer.Ordinal),
            "Tour sections without a recording of Twisted's output: " + string.Join(", ", tourSections.Except(recordings))
            + "; recordings without a Tour section: " + string.Join(", ", recordings.Except(tourSections))
            + ". Run tools/record-twisted-references.sh.");
        foreach (string section in tourSections)
        {
            RecordingCoverage.AssertSameNames("the Tour section " + section, new[] { section }, RecordingOf(section));
        }
    }

    private sealed record Output(int ExitCode, IReadOnlyList<string> Lines, string Errors);

    private static async Task<Output> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(program + " " + string.Join(" ", arguments) + " did not finish within " + s_limit.TotalSeconds + " s");
        }

        string text = await output;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new Output(process.ExitCode, lines, await errors);
    }
}
