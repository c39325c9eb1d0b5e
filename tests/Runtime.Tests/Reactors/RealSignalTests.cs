using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace Torsion.Tests.Reactors;

/// <summary>
/// Sends real signals to a child process running a Tour section on the global reactor (the Tour is
/// built first if it never was; it then runs with the runtime assembly this test was built against). Without the reactor's handlers SIGINT/SIGTERM would kill the child
/// (exit code 130/143); with them the reactor stops gracefully and the section returns 0.
/// </summary>
[Collection("child processes")]
public partial class RealSignalTests
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [Theory]
    [InlineData(2)]  // SIGINT
    [InlineData(15)] // SIGTERM
    public async System.Threading.Tasks.Task A_real_signal_stops_the_global_reactor_of_a_child_process_gracefully(int signal)
    {
        string tour = TourAssembly();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(tour);
        start.ArgumentList.Add("--section");
        start.ArgumentList.Add("reactor-loop"); // 5 s between lines, 30 s in all
        using var child = Process.Start(start)!;
        try
        {
            // The first line is printed from CallWhenRunning, after the handlers were installed.
            string? firstLine = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("它是异步的", firstLine);
            Assert.Equal(0, Kill(child.Id, signal));
            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "the child did not stop after the signal");
            string rest = child.StandardOutput.ReadToEnd();
            Assert.Equal(0, child.ExitCode);
            Assert.DoesNotContain("loop调用", rest);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
                child.WaitForExit();
            }

            Directory.Delete(Path.GetDirectoryName(tour)!, recursive: true);
        }
    }

    private static string TourAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Torsion.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string project = Path.Combine(dir!.FullName, "samples", "Tour");
        string configuration = Torsion.Tests.Packaging.RepositoryLayout.Configuration;
        string dll = Path.Combine(project, "bin", configuration, "net10.0", "Tour.dll");

        // Build (incrementally) in the tests' own configuration, so the Tour's code is never stale.
        using (var build = Process.Start(new ProcessStartInfo("dotnet", $"build \"{project}\" -c {configuration} -v q --nologo") { UseShellExecute = false, RedirectStandardOutput = true })!)
        {
            string log = build.StandardOutput.ReadToEnd();
            Assert.True(build.WaitForExit(TimeSpan.FromMinutes(5)));
            Assert.True(build.ExitCode == 0, "building the Tour failed:\n" + log);
        }

        // Run the Tour's own code with the runtime this test was built against (copied next to it),
        // so a stale Tour build cannot hide a change in the reactor.
        string app = Path.Combine(Path.GetTempPath(), "torsion-signal-test-" + Environment.ProcessId);
        Directory.CreateDirectory(app);
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(dll)!))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string name in new[] { "Torsion.Runtime.dll", "Microsoft.Extensions.Logging.Abstractions.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(app, name), overwrite: true);
        }

        return Path.Combine(app, "Tour.dll");
    }
}
