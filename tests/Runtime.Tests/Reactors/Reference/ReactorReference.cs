using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Torsion.Tests.Reactors.Reference;

/// <summary>
/// Runs reactor_reference.py under Debian's python3-twisted (/usr/bin/python3) once per test run
/// and keeps the trace of each scenario, by name.
/// </summary>
internal static class ReactorReference
{
    private const string PythonPath = "/usr/bin/python3";
    private const string ScriptName = "reactor_reference.py";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);
    private static readonly Lazy<IReadOnlyDictionary<string, List<string>>> s_traces = new(Run);

    /// <summary>Twisted's trace of every scenario, by name.</summary>
    public static IReadOnlyDictionary<string, List<string>> Traces => s_traces.Value;

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "Runtime.Tests", "Reactors", "Reference", ScriptName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(ScriptName + " was not found above " + AppContext.BaseDirectory + ".");
    }

    private static IReadOnlyDictionary<string, List<string>> Run()
    {
        if (!File.Exists(PythonPath))
        {
            throw new InvalidOperationException(PythonPath + " does not exist. Install Debian's python3-twisted: apt-get install -y python3-twisted.");
        }

        var start = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        start.ArgumentList.Add(FindScript());
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + PythonPath + ".");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(ScriptName + " did not finish within " + s_timeout.TotalSeconds + " s.");
        }

        process.WaitForExit();
        string output = stdout.GetAwaiter().GetResult();
        string errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                ScriptName + " failed with exit code " + process.ExitCode + (process.ExitCode == 2 ? " (Twisted is not installed: apt-get install -y python3-twisted)" : string.Empty) + ": " + errors.Trim());
        }

        var traces = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string line in output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
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
        }

        return traces;
    }
}
