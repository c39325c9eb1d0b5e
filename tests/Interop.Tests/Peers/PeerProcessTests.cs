using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace Torsion.Interop.Tests.Peers;

/// <summary>The peer helpers themselves: output, exit codes, waiting for a line, and no process left behind.</summary>
public sealed class PeerProcessTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_returns_the_exit_code_the_output_and_the_errors()
    {
        PeerResult result = await PeerProcess.RunAsync(new PeerCommand("bash", new[] { "-c", "cat; echo 'é out'; echo err >&2; exit 3" }), s_limit, "from stdin\n");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(new[] { "from stdin", "é out" }, result.Lines);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task A_run_past_its_limit_kills_the_whole_process_tree_and_keeps_the_partial_output()
    {
        var command = new PeerCommand("bash", new[] { "-c", "sleep 300 & echo child $!; wait" });

        var error = await Assert.ThrowsAsync<PeerTimeoutException>(() => PeerProcess.RunAsync(command, TimeSpan.FromSeconds(2)));

        string line = Assert.Single(error.PartialResult.Lines);
        int child = int.Parse(line["child ".Length..], CultureInfo.InvariantCulture);
        Assert.False(IsRunning(child), "the peer's child " + child + " outlived the kill");
    }

    [Fact]
    public async Task A_running_peer_is_found_by_the_line_it_prints_and_killed_when_disposed()
    {
        int pid;
        await using (RunningPeer peer = RunningPeer.Start(new PeerCommand("bash", new[] { "-c", "echo starting; echo ready on 1234; sleep 300" })))
        {
            pid = peer.ProcessId;
            string ready = await peer.WaitForOutputLineAsync(line => line.StartsWith("ready on ", StringComparison.Ordinal), s_limit);
            Assert.Equal("ready on 1234", ready);
            Assert.False(peer.HasExited);
        }

        Assert.False(IsRunning(pid), "the disposed peer " + pid + " is still running");
    }

    [Fact]
    public async Task Waiting_for_a_line_the_peer_never_prints_fails_when_it_exits()
    {
        await using RunningPeer peer = RunningPeer.Start(new PeerCommand("bash", new[] { "-c", "echo something else" }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => peer.WaitForOutputLineAsync(line => line == "ready", s_limit));
        Assert.Contains("something else", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_is_not_installed_is_reported_as_unavailable()
    {
        var error = await Assert.ThrowsAsync<PeerUnavailableException>(() => PeerProcess.RunAsync(new PeerCommand("torsion-no-such-peer", Array.Empty<string>()), s_limit));
        Assert.Contains("torsion-no-such-peer", error.Message, StringComparison.Ordinal);
        Assert.Throws<PeerUnavailableException>(() => PeerPrograms.Locate("torsion-no-such-peer", "torsion-no-such-package"));
    }

    [Fact]
    public async Task Twisted_is_found_and_runs_a_script()
    {
        string version = await TwistedPython.RequireAsync();
        Assert.Matches(@"^\d+\.\d+", version);

        string script = Path.Combine(Path.GetTempPath(), "torsion-peer-" + Guid.NewGuid().ToString("N") + ".py");
        await File.WriteAllTextAsync(script, "import sys\nfrom twisted.internet import defer\ndefer.succeed(sys.argv[1]).addCallback(print)\n");
        try
        {
            PeerResult result = await TwistedPython.RunAsync(TwistedPython.Script(script, "一 two"), s_limit);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Equal(new[] { "一 two" }, result.Lines);
        }
        finally
        {
            File.Delete(script);
        }
    }

    // A killed child may linger briefly as a zombie of an init that reaps slowly: poll a little.
    private static bool IsRunning(int pid)
    {
        for (int i = 0; i < 50; i++)
        {
            string status = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "status");
            if (!File.Exists(status))
            {
                return false;
            }

            try
            {
                if (File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            catch (IOException)
            {
                return false;
            }

            System.Threading.Thread.Sleep(100);
        }

        return true;
    }
}
