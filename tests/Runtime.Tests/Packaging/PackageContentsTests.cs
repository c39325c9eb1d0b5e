using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Torsion.Tests.Packaging;

public class PackageContentsTests
{
    [Fact]
    public void PackedRuntimeCarriesTheGeneratorAndTheAnalyzers()
    {
        string output = Path.Combine(Path.GetTempPath(), "torsion-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            // --no-build: package what the test run already built, in the same configuration.
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "pack", Path.Combine(RepositoryLayout.Root, "src", "Runtime", "Torsion.Runtime.csproj"),
                    "-c", RepositoryLayout.Configuration, "--no-build", "--nologo", "-o", output,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "dotnet pack did not finish in 2 minutes");
            Assert.True(process.ExitCode == 0, "dotnet pack failed:\n" + stdout + stderr);

            string package = Directory.GetFiles(output, "Torsion.Runtime.*.nupkg").Single();
            using ZipArchive archive = ZipFile.OpenRead(package);
            string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/Torsion.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Torsion.Runtime.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Analyzers.CodeFixes.dll", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
