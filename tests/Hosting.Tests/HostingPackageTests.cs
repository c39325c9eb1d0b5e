using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace Torsion.Hosting.Tests;

/// <summary>
/// The Torsion.Hosting package: packed from what this test run built (<c>dotnet pack --no-build</c>, same
/// configuration) into a temporary directory that is deleted afterwards.
/// </summary>
public sealed class HostingPackageTests
{
    [Fact]
    public async System.Threading.Tasks.Task Package_DependsOnlyOnTorsionAndTheHostingAbstractions()
    {
        string root = Path.Combine(Path.GetTempPath(), "torsion-hosting-pack-" + Guid.NewGuid().ToString("N"));
        string output = Path.Combine(root, "out");
        string scratch = Path.Combine(root, "tmp");
        Directory.CreateDirectory(scratch);
        try
        {
            string repository = RepositoryRoot();
            string configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = repository,
                Environment =
                {
                    ["TMPDIR"] = scratch, ["TMP"] = scratch, ["TEMP"] = scratch,
                    ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["DOTNET_NOLOGO"] = "1",
                },
            };
            foreach (string argument in new[] { "pack", Path.Combine(repository, "src", "Hosting", "Torsion.Hosting.csproj"), "-c", configuration, "--no-build", "-nodeReuse:false", "-o", output })
            {
                start.ArgumentList.Add(argument);
            }

            using (Process process = Process.Start(start)!)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    Assert.Fail("dotnet pack did not finish in 10 minutes");
                }

                process.WaitForExit();
                Assert.True(process.ExitCode == 0, "dotnet pack failed:\n" + await stdout + await stderr);
            }

            string package = Directory.GetFiles(output, "Torsion.Hosting.*.nupkg").Single();
            Assert.Single(Directory.GetFiles(output, "Torsion.Hosting.*.snupkg"));
            using ZipArchive archive = ZipFile.OpenRead(package);
            string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/Torsion.Hosting.dll", entries);
            Assert.Contains("lib/net10.0/Torsion.Hosting.xml", entries);
            Assert.Contains("README.md", entries);
            Assert.DoesNotContain(entries, e => e.EndsWith("Torsion.Runtime.dll", StringComparison.Ordinal));

            XDocument nuspec;
            using (Stream stream = archive.GetEntry("Torsion.Hosting.nuspec")!.Open())
            {
                nuspec = XDocument.Load(stream);
            }

            XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("Torsion.Hosting", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
            Assert.Equal("MIT", metadata.Elements().Single(e => e.Name.LocalName == "license").Value);
            string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => e.Attribute("id")!.Value).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "Microsoft.Extensions.Hosting.Abstractions", "Torsion" }, dependencies);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Torsion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Torsion.sln not found above " + AppContext.BaseDirectory);
    }
}
