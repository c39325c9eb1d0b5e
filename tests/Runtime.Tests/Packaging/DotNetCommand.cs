using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Torsion.Tests.Packaging;

/// <summary>What a finished <c>dotnet</c> command returned.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Its standard output followed by its standard error.</param>
public sealed record CommandResult(int ExitCode, string Output);

/// <summary>
/// Runs the <c>dotnet</c> CLI the way the packaging tests need: bounded in time, its scratch files in a
/// directory the test deletes, and no MSBuild node, MSBuild server or compiler server left running.
/// </summary>
internal static class DotNetCommand
{
    /// <summary>The longest one command may take on a loaded machine before the test gives up.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">Where the command runs.</param>
    /// <param name="scratch">The temporary directory given to the child (TMPDIR): the SDK leaves files there.</param>
    /// <param name="arguments">The command line after <c>dotnet</c>.</param>
    /// <returns>The exit code and the combined output.</returns>
    public static CommandResult Run(string workingDirectory, string scratch, params string[] arguments)
        => Run(workingDirectory, scratch, null, arguments);

    /// <summary>Runs <c>dotnet</c>, adding <paramref name="environment"/> to the child's environment.</summary>
    /// <param name="workingDirectory">Where the command runs.</param>
    /// <param name="scratch">The temporary directory given to the child (TMPDIR).</param>
    /// <param name="environment">Extra environment variables, or null.</param>
    /// <param name="arguments">The command line after <c>dotnet</c>.</param>
    /// <returns>The exit code and the combined output.</returns>
    public static CommandResult Run(string workingDirectory, string scratch, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        Directory.CreateDirectory(scratch);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = scratch;
        start.Environment["TMP"] = scratch;
        start.Environment["TEMP"] = scratch;
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {Timeout.TotalMinutes} minutes.");
        }

        process.WaitForExit();
        return new CommandResult(process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
