using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Torsion.Tests.Packaging;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Tour;

/// <summary>
/// The Tour's promise, checked against the real thing: every section prints, line for line, what the
/// tutorial's Python prints under Debian's python3-twisted. Each section has a reference script in
/// <c>reference/</c> — the tutorial's example with its indentation restored and, where the tutorial's
/// program never ends, the same stop the Tour adds (said in the script's first comment). Both sides
/// run with their delays divided by 100 (<c>--fast</c>; <c>TOUR_TIME_SCALE=0.01</c>). Standard output
/// is compared; the Tour's headings and notes go to standard error.
/// </summary>
[Collection("child processes")]
public sealed class TourMatchesTwistedTests : IClassFixture<TourBuildFixture>
{
    private const string PythonPath = "/usr/bin/python3";

    // Bounds a hang only: each side normally takes well under a second.
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    private readonly TourBuildFixture _tour;

    public TourMatchesTwistedTests(TourBuildFixture tour) => _tour = tour;

    private static string ReferenceDirectory => Path.Combine(RepositoryLayout.Root, "tests", "Runtime.Tests", "Tour", "reference");

    public static IEnumerable<object[]> Sections() => new[]
    {
        "reactor-hello", "reactor-select", "reactor-calllater", "reactor-loop", "reactor-loopingcall",
        "defer-quick", "defer-reactor", "defer-errback", "defer-both", "defer-chain", "inline-callbacks",
    }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task The_section_prints_what_Twisted_prints(string section)
    {
        Output twisted = await RunAsync(PythonPath, new[] { "-X", "utf8", Path.Combine(ReferenceDirectory, section + ".py") }, ReferenceDirectory);
        Assert.True(twisted.ExitCode == 0, "the reference script failed (exit " + twisted.ExitCode + "):\n" + twisted.Errors);
        Output torsion = await RunAsync("dotnet", new[] { _tour.TourAssembly, "--section", section, "--fast" }, ReferenceDirectory);
        Assert.True(torsion.ExitCode == 0, "the Tour section failed (exit " + torsion.ExitCode + "):\n" + torsion.Errors);

        Assert.NotEmpty(twisted.Lines);
        Assert.Equal(twisted.Lines, torsion.Lines);
    }

    [Fact]
    public async Task Every_Tour_section_has_a_reference_script_and_every_script_a_section()
    {
        Output list = await RunAsync("dotnet", new[] { _tour.TourAssembly, "--list" }, ReferenceDirectory);
        Assert.Equal(0, list.ExitCode);
        var tourSections = list.Lines.Select(line => line.Split('\t')[0]).OrderBy(name => name, StringComparer.Ordinal).ToList();
        var scripts = Directory.GetFiles(ReferenceDirectory, "*-*.py")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        var tested = Sections().Select(row => (string)row[0]).OrderBy(name => name, StringComparer.Ordinal).ToList();

        Assert.Equal(tourSections, scripts);
        Assert.Equal(tourSections, tested);
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

        start.Environment["TOUR_TIME_SCALE"] = "0.01";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
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
