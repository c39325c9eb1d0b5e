using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Torsion.Tests.Packaging;

namespace Torsion.Tests.Reactors;

/// <summary>
/// Builds the Tour sample once for all the tests of a class (incrementally, in the tests' own
/// configuration, so its code is never stale) and copies it into a private temporary directory next
/// to the runtime assembly those tests were built against, so a stale Tour build cannot hide a change
/// in the reactor. The directory (with the scratch files the SDK leaves in TMPDIR) is deleted when the
/// class's tests are done.
/// </summary>
public sealed class TourBuildFixture : IDisposable
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(10);
    private readonly string _directory;

    /// <summary>Builds and copies the Tour.</summary>
    /// <exception cref="InvalidOperationException">The build failed or did not finish in time.</exception>
    public TourBuildFixture()
    {
        string project = Path.Combine(RepositoryLayout.Root, "samples", "Tour");
        string configuration = RepositoryLayout.Configuration;
        _directory = Path.Combine(Path.GetTempPath(), "torsion-tour-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
        string app = Path.Combine(_directory, "app");
        string temp = Path.Combine(_directory, "tmp");
        Directory.CreateDirectory(app);
        Directory.CreateDirectory(temp);
        try
        {
            Build(project, configuration, temp);
            foreach (string file in Directory.GetFiles(Path.Combine(project, "bin", configuration, "net10.0")))
            {
                File.Copy(file, Path.Combine(app, Path.GetFileName(file)), overwrite: true);
            }

            foreach (string name in new[] { "Torsion.Runtime.dll", "Microsoft.Extensions.Logging.Abstractions.dll" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(app, name), overwrite: true);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        TourAssembly = Path.Combine(app, "Tour.dll");
    }

    /// <summary>The copied Tour.dll, to run with <c>dotnet</c>.</summary>
    public string TourAssembly { get; }

    /// <summary>Deletes the copy.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
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

        // Neither a build server nor a reused MSBuild node may outlive the test run.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        // The SDK leaves scratch directories in the temporary directory: keep them in ours.
        start.Environment["TMPDIR"] = temp;
        using Process build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build");
        Task<string> output = build.StandardOutput.ReadToEndAsync();
        Task<string> errors = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(s_buildTimeout))
        {
            build.Kill(entireProcessTree: true);
            build.WaitForExit();
            throw new InvalidOperationException("building the Tour did not finish within " + s_buildTimeout.TotalMinutes + " minutes");
        }

        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("building the Tour failed:\n" + output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
        }
    }
}
