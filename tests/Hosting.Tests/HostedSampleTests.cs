using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;

namespace Torsion.Hosting.Tests;

/// <summary>
/// Runs samples/Hosted (built with these tests, into their output directory) as a child process: the host
/// stops when the reactor stops, and Ctrl+C (SIGINT) stops the reactor gracefully through the host.
/// Every wait is bounded; a child that does not finish is killed.
/// </summary>
public sealed class HostedSampleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Hosted.dll");

    [Fact]
    public void Sample_StopsTheHostWhenItsReactorStops()
    {
        using var sample = new SampleProcess("--beats", "3", "--interval-ms", "20");
        Assert.True(sample.WaitForExit(Limit), "the sample did not exit:\n" + sample.Output);
        Assert.True(sample.ExitCode == 0, "exit code " + sample.ExitCode + ":\n" + sample.Output);

        string[] lines = sample.Lines;
        Assert.Equal(
            new[] { "reactor running on thread 'Torsion reactor'", "beat 1", "beat 2", "beat 3", "shutting down after 3 beats", "goodbye", "reactor stopped" },
            lines.Where(IsSampleLine).ToArray());
        Assert.Contains(lines, l => l.Contains("The reactor stopped; stopping the host.", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_OnSigint_StopsTheReactorWithItsShutdownTriggersAndExitsCleanly()
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no SIGINT to send to one process; the host's Ctrl+C path is the same code as StopApplication,
            // which ReactorHostingTests.HostStop_StopsTheReactorGracefully_RunningItsShutdownTriggers covers.
            return;
        }

        using var sample = new SampleProcess("--interval-ms", "20");
        Assert.True(sample.WaitForLine("beat 2", Limit), "the sample did not beat:\n" + sample.Output);
        Assert.Equal(0, Kill(sample.Id, SigInt));
        Assert.True(sample.WaitForExit(Limit), "the sample did not exit after SIGINT:\n" + sample.Output);
        Assert.True(sample.ExitCode == 0, "exit code " + sample.ExitCode + ":\n" + sample.Output);

        string[] lines = sample.Lines.Where(IsSampleLine).ToArray();
        int shutdown = Array.FindIndex(lines, l => l.StartsWith("shutting down after ", StringComparison.Ordinal));
        Assert.True(shutdown > 2, "no graceful shutdown after the beats:\n" + sample.Output);
        Assert.Equal(new[] { "goodbye", "reactor stopped" }, lines.Skip(shutdown + 1).ToArray());
        Assert.DoesNotContain(sample.Lines, l => l.Contains("The reactor stopped; stopping the host.", StringComparison.Ordinal));
    }

    private static bool IsSampleLine(string line)
        => line.StartsWith("reactor ", StringComparison.Ordinal) || line.StartsWith("beat ", StringComparison.Ordinal)
           || line.StartsWith("shutting down after ", StringComparison.Ordinal) || line == "goodbye";

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The sample running as <c>dotnet exec Hosted.dll</c>, its output collected line by line.</summary>
    private sealed class SampleProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = new();

        public SampleProcess(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(SamplePath);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // Plain console log lines, no colours.
            start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0";
            start.Environment["NO_COLOR"] = "1";
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Add(e.Data);
            _process.ErrorDataReceived += (_, e) => Add(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public int ExitCode => _process.ExitCode;

        public string[] Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public string Output => string.Join('\n', Lines);

        public bool WaitForLine(string line, TimeSpan timeout)
        {
            lock (_lines)
            {
                DateTime deadline = DateTime.UtcNow + timeout;
                while (!_lines.Contains(line))
                {
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || _process.HasExited)
                    {
                        return _lines.Contains(line);
                    }

                    Monitor.Wait(_lines, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                }

                return true;
            }
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                return false;
            }

            _process.WaitForExit();    // drains the output
            return true;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line.TrimEnd());
                Monitor.PulseAll(_lines);
            }
        }
    }
}
