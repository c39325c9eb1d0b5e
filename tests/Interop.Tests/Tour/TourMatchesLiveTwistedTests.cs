using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Torsion.Interop.Tests.Peers;

namespace Torsion.Interop.Tests.Tour;

/// <summary>
/// The Tour against Twisted, both live: each section's reference script (the tutorial's Python,
/// tests/Runtime.Tests/Tour/reference) runs under Twisted with its delays divided by 100
/// (<c>TOUR_TIME_SCALE=0.01</c>), the Tour's section runs with <c>--fast</c> (the same scale), and
/// their standard output must be equal line for line. README's test command compares the Tour with
/// the recording of the same Python run; this checks the two programs directly, with no recording
/// in between.
/// </summary>
public sealed class TourMatchesLiveTwistedTests
{
    // Bounds a hang only: a section normally takes well under a second on each side.
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    private static string ReferenceDirectory => RepositoryRoot.Combine("tests/Runtime.Tests/Tour/reference");

    private static string TourAssembly => Path.Combine(AppContext.BaseDirectory, "Tour.dll");

    public static TheoryData<string> Sections() => new(SectionScripts());

    // The sections with a reference script (SECTION.py; tour_prelude.py has no '-'), sorted.
    private static IEnumerable<string> SectionScripts()
        => Directory.GetFiles(ReferenceDirectory, "*-*.py").Select(path => Path.GetFileNameWithoutExtension(path)).OrderBy(name => name, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task The_section_prints_what_Twisted_prints_now(string section)
    {
        PeerCommand python = TwistedPython.Script(Path.Combine(ReferenceDirectory, section + ".py")).WithEnvironment("TOUR_TIME_SCALE", "0.01");
        PeerResult twisted = await TwistedPython.RunAsync(python, s_limit);
        Assert.True(twisted.ExitCode == 0, "The reference script failed.\n" + twisted.Describe());
        PeerResult torsion = await PeerProcess.RunAsync(new PeerCommand("dotnet", new[] { TourAssembly, "--section", section, "--fast" }), s_limit);
        Assert.True(torsion.ExitCode == 0, "The Tour section failed.\n" + torsion.Describe());

        Assert.NotEmpty(twisted.Lines);
        Assert.Equal(twisted.Lines, torsion.Lines);
    }

    [Fact]
    public async Task Every_Tour_section_has_a_reference_script_and_every_script_a_section()
    {
        PeerResult list = await PeerProcess.RunAsync(new PeerCommand("dotnet", new[] { TourAssembly, "--list" }), s_limit);
        Assert.True(list.ExitCode == 0, list.Describe());
        IEnumerable<string> tourSections = list.Lines.Select(line => line.Split('\t')[0]).OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(tourSections, SectionScripts());
    }
}
