using System;
using System.Threading.Tasks;
using Torsion.Interop.Tests.Peers;

namespace Torsion.Interop.Tests.Recordings;

/// <summary>
/// The recordings of Twisted's output that README's test command compares Torsion with
/// (tests/Runtime.Tests/**/*.twisted.txt) are what Twisted prints now: every Python reference is
/// re-run under Twisted by tools/record-twisted-references.sh --check, which compares with the
/// checked-in files and changes nothing.
/// </summary>
public sealed class RecordingsMatchLiveTwistedTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_recording_equals_a_fresh_run_of_its_Python_reference_under_Twisted()
    {
        string twisted = await TwistedPython.RequireAsync();
        var check = new PeerCommand("bash", new[] { RepositoryRoot.Combine("tools/record-twisted-references.sh"), "--check" })
        {
            WorkingDirectory = RepositoryRoot.Path,
        }.WithEnvironment("TWISTED_PYTHON", TwistedPython.Interpreter);

        PeerResult result = await PeerProcess.RunAsync(check, s_limit);

        Assert.True(result.ExitCode == 0, "The recordings differ from what Twisted " + twisted + " prints now (run tools/record-twisted-references.sh and commit):\n" + result.Describe());
        Assert.Contains("recordings match Twisted " + twisted, result.StandardOutput, StringComparison.Ordinal);
    }
}
