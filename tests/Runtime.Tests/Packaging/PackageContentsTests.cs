using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Torsion.Tests.Packaging;

public class PackageContentsTests
{
    [Fact]
    public async System.Threading.Tasks.Task PackedRuntimeCarriesTheGeneratorAndTheAnalyzers()
    {
        string root = Path.Combine(Path.GetTempPath(), "torsion-pack-" + Guid.NewGuid().ToString("N"));
        string output = Path.Combine(root, "out");
        string temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(temp);
        try
        {
            // --no-build: package what the test run already built, in the same configuration.
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "pack", Path.Combine(RepositoryLayout.Root, "src", "Runtime", "Torsion.Runtime.csproj"),
                    "-c", RepositoryLayout.Configuration, "--no-build", "--nologo", "-nodeReuse:false", "-o", output,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                // The SDK leaves scratch directories in the temporary directory: keep them in ours.
                // No MSBuild node or server may outlive the test run.
                Environment = { ["TMPDIR"] = temp, ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" },
            };
            using Process process = Process.Start(start)!;
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

            string package = Directory.GetFiles(output, "Torsion.Runtime.*.nupkg").Single();
            using ZipArchive archive = ZipFile.OpenRead(package);
            string[] entries = archive.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/Torsion.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/Torsion.Runtime.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Torsion.Analyzers.CodeFixes.dll", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));

            // The packed plug-ins are the real ones, not empty assemblies.
            string[] analyzers = TypeNames(archive.GetEntry("analyzers/dotnet/cs/Torsion.Analyzers.dll")!);
            Assert.Contains("BlockingCallAnalyzer", analyzers);
            Assert.Contains("IteratorCallAnalyzer", analyzers);
            string[] fixes = TypeNames(archive.GetEntry("analyzers/dotnet/cs/Torsion.Analyzers.CodeFixes.dll")!);
            Assert.Contains("BlockingCallCodeFixProvider", fixes);
            Assert.Contains("IteratorCallCodeFixProvider", fixes);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The names of the types an assembly in the package defines, read from its metadata.</summary>
    private static string[] TypeNames(ZipArchiveEntry entry)
    {
        using var bytes = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(t => metadata.GetString(metadata.GetTypeDefinition(t).Name)).ToArray();
    }
}
