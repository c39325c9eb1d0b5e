using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Torsion.Tests.Reference;

/// <summary>
/// Runs scenarios/twisted_interpreter.py under Debian's python3-twisted (/usr/bin/python3) once per
/// scenario file and test run, and keeps the trace of every scenario.
/// </summary>
internal static class TwistedReference
{
    /// <summary>The interpreter CI installs python3-twisted for.</summary>
    public const string PythonPath = "/usr/bin/python3";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    private static readonly ConcurrentDictionary<string, Lazy<Result>> s_results = new(StringComparer.Ordinal);

    /// <summary>The Twisted version the traces came from (e.g. "22.4.0").</summary>
    public static string TwistedVersion => Get(ReferenceScenarioFile.Matching).Version;

    /// <summary>The Twisted trace of every scenario of <paramref name="fileName"/>, by scenario name.</summary>
    public static IReadOnlyDictionary<string, List<string>> TracesOf(string fileName) => Get(fileName).Traces;

    private static Result Get(string fileName)
        => s_results.GetOrAdd(fileName, name => new Lazy<Result>(() => Run(name))).Value;

    private static Result Run(string fileName)
    {
        if (!File.Exists(PythonPath))
        {
            throw new InvalidOperationException(
                PythonPath + " does not exist. The differential tests need Debian's python3 with Twisted: apt-get install -y python3-twisted.");
        }

        var start = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ReferenceScenarioFile.Directory,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        start.ArgumentList.Add(ReferenceScenarioFile.PythonInterpreterPath);
        start.ArgumentList.Add(ReferenceScenarioFile.PathOf(fileName));
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start " + PythonPath + ".");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException("twisted_interpreter.py did not finish within " + s_timeout.TotalSeconds + " s.");
        }

        process.WaitForExit();
        string output = stdout.GetAwaiter().GetResult();
        string errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode == 2)
        {
            throw new InvalidOperationException(
                PythonPath + " cannot import Twisted, which the differential tests compare Torsion against. "
                + "Install it with: apt-get install -y python3-twisted. Python said: " + errors.Trim());
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                "twisted_interpreter.py failed with exit code " + process.ExitCode + ": " + errors.Trim());
        }

        return Parse(output);
    }

    private static Result Parse(string output)
    {
        string[] lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("twisted ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("twisted_interpreter.py printed no version line: " + output);
        }

        var traces = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string line in lines[1..])
        {
            if (line == "=== end")
            {
                current = null;
            }
            else if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                traces[line[4..]] = current = new List<string>();
            }
            else if (current is not null)
            {
                current.Add(line);
            }
            else if (line.Length != 0)
            {
                throw new InvalidOperationException("twisted_interpreter.py printed a line outside any scenario: " + line);
            }
        }

        return new Result(lines[0]["twisted ".Length..], traces);
    }

    private sealed record Result(string Version, Dictionary<string, List<string>> Traces);
}
