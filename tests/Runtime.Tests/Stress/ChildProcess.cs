using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Torsion.Tests.Stress;

/// <summary>Runs this test assembly's entry point (<see cref="ChildEntryPoint"/>) in a child process.</summary>
internal static class ChildProcess
{
    /// <summary>Only bounds a hang: nothing here measures time.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs <c>dotnet Torsion.Runtime.Tests.dll kind name</c>; returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string kind, string name)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ChildEntryPoint).Assembly.Location);
        start.ArgumentList.Add(kind);
        start.ArgumentList.Add(name);
        using Process child = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        try
        {
            await child.WaitForExitAsync().WaitAsync(s_limit);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }
        }

        return (child.ExitCode, await output, await errors);
    }
}
