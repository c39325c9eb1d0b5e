using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Torsion.Tests.Reactors;

/// <summary>
/// Sends real signals to a child process running a Tour section on the global reactor (the Tour is
/// built once per test class, see <see cref="TourBuildFixture"/>; it runs with the runtime assembly
/// this test was built against). Without the reactor's handlers SIGINT/SIGTERM would kill the child
/// (exit code 130/143); with them the reactor stops gracefully and the section returns 0.
/// </summary>
[Collection("child processes")]
public partial class RealSignalTests : IClassFixture<TourBuildFixture>
{
    // Generous bounds: on a loaded machine starting a .NET process can take seconds. They only
    // bound a hang; nothing here measures time.
    private static readonly TimeSpan s_startupLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_exitLimit = TimeSpan.FromSeconds(60);
    private readonly TourBuildFixture _tour;

    public RealSignalTests(TourBuildFixture tour) => _tour = tour;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [Theory]
    [InlineData(2)]  // SIGINT
    [InlineData(15)] // SIGTERM
    public async System.Threading.Tasks.Task A_real_signal_stops_the_global_reactor_of_a_child_process_gracefully(int signal)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_tour.TourAssembly);
        start.ArgumentList.Add("--section");
        start.ArgumentList.Add("reactor-loop"); // 5 s between lines, 30 s in all
        using var child = Process.Start(start)!;
        // Drained so that a chatty child can never block on a full pipe.
        var errors = child.StandardError.ReadToEndAsync();
        try
        {
            // The first line is printed from CallWhenRunning, after the handlers were installed.
            string? firstLine = await child.StandardOutput.ReadLineAsync().WaitAsync(s_startupLimit);
            Assert.Equal("它是异步的", firstLine);
            Assert.Equal(0, Kill(child.Id, signal));
            Assert.True(child.WaitForExit(s_exitLimit), "the child did not stop after the signal");
            string rest = await child.StandardOutput.ReadToEndAsync().WaitAsync(s_exitLimit);
            Assert.True(child.ExitCode == 0, "exit code " + child.ExitCode + "; stderr:\n" + await errors.WaitAsync(s_exitLimit));
            // Left alone the section prints three "loop调用" lines (5 s apart) and stops by itself with
            // exit code 0: fewer lines show the signal stopped it. (A long pause of this test before
            // the kill may legitimately let one or two through.)
            Assert.True(CountLoopLines(rest) < 3, "the child ran to its natural end; output:\n" + rest);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }
        }
    }

    private static int CountLoopLines(string output)
    {
        int count = 0;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("loop调用", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
