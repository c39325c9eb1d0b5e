using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>
/// Runs a section that uses the global reactor. Like Twisted's, the global reactor runs once per
/// process (a stopped reactor cannot restart) and must be chosen before first use, so a section runs
/// in this process only while no global reactor exists yet (e.g. with <c>--section NAME</c>);
/// otherwise the Tour runs it in a fresh child process of itself (<c>--section NAME</c>), whose
/// output goes straight to this process's standard output and error.
/// </summary>
public static class GlobalReactorSection
{
    /// <summary>Wraps <paramref name="run"/> so it gets a fresh global reactor, in this process or a child.</summary>
    /// <param name="id">The section's <c>--section</c> name.</param>
    /// <param name="run">The section body, which uses <see cref="Reactor.Instance"/>.</param>
    public static Func<TourOptions, int> Isolated(string id, Func<TourOptions, int> run) => options =>
        Reactor.IsInstalled ? RunInChildProcess(id, options) : run(options);

    private static int RunInChildProcess(string id, TourOptions options)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The Tour cannot find its own executable.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("--section");
        start.ArgumentList.Add(id);
        if (options.Fast)
        {
            start.ArgumentList.Add("--fast");
        }

        Console.Out.Flush();
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the section '{id}'.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
