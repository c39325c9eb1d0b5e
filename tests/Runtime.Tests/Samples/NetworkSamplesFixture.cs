using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Torsion.Tests.Packaging;

namespace Torsion.Tests.Samples;

/// <summary>
/// Builds the Echo and Chat samples once for the tests of a class (incrementally, in the tests' own
/// configuration) and copies each into a private temporary directory together with the runtime
/// assembly the tests were built against, so a stale sample build cannot hide a change. The directory
/// is deleted when the class's tests are done.
/// </summary>
public sealed class NetworkSamplesFixture : IDisposable
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);
    private readonly string _directory;

    /// <summary>Builds and copies both samples.</summary>
    /// <exception cref="InvalidOperationException">A build failed or did not finish in time.</exception>
    public NetworkSamplesFixture()
    {
        _directory = Path.Combine(Path.GetTempPath(), "torsion-netsamples-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
        string temp = Path.Combine(_directory, "tmp");
        Directory.CreateDirectory(temp);
        try
        {
            EchoAssembly = BuildAndCopy("Echo", temp);
            ChatAssembly = BuildAndCopy("Chat", temp);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The copied Echo.dll, to run with <c>dotnet</c>.</summary>
    public string EchoAssembly { get; }

    /// <summary>The copied Chat.dll, to run with <c>dotnet</c>.</summary>
    public string ChatAssembly { get; }

    /// <summary>Deletes the copies.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string BuildAndCopy(string name, string temp)
    {
        string project = Path.Combine(RepositoryLayout.Root, "samples", name);
        string configuration = RepositoryLayout.Configuration;
        Build(project, configuration, temp);
        string app = Path.Combine(_directory, name);
        Directory.CreateDirectory(app);
        foreach (string file in Directory.GetFiles(Path.Combine(project, "bin", configuration, "net10.0")))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string dependency in new[] { "Torsion.Runtime.dll", "Microsoft.Extensions.Logging.Abstractions.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, dependency), Path.Combine(app, dependency), overwrite: true);
        }

        return Path.Combine(app, name + ".dll");
    }

    private static void Build(string project, string configuration, string temp)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "build", project, "-c", configuration, "-v", "q", "--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["TMPDIR"] = temp;
        using Process build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build");
        Task<string> output = build.StandardOutput.ReadToEndAsync();
        Task<string> errors = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(s_buildTimeout))
        {
            build.Kill(entireProcessTree: true);
            build.WaitForExit();
            throw new InvalidOperationException($"building {project} did not finish within {s_buildTimeout.TotalMinutes} minutes");
        }

        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building {project} failed:\n" + output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
        }
    }
}
