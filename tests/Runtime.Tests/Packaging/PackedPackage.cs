using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace Torsion.Tests.Packaging;

/// <summary>
/// The Torsion package, packed once for every packaging test (<c>dotnet pack --no-build</c> of what the
/// test run already built, in the same configuration) into a local feed folder under a fresh temporary
/// directory, which <see cref="Dispose"/> deletes. <see cref="Consumer"/> is a program that uses the
/// package the way a user does, restored, built and run once, on first use.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly Lazy<PackageConsumer> _consumer;

    /// <summary>Packs src/Runtime into <see cref="Feed"/>.</summary>
    /// <exception cref="InvalidOperationException">dotnet pack failed.</exception>
    public PackedPackage()
    {
        Root = Path.Combine(Path.GetTempPath(), "torsion-pack-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Scratch = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(Feed);
        CommandResult pack = DotNetCommand.Run(
            RepositoryLayout.Root,
            Scratch,
            "pack", Path.Combine(RepositoryLayout.Root, "src", "Runtime", "Torsion.Runtime.csproj"),
            "-c", RepositoryLayout.Configuration, "--no-build", "--nologo", "-nodeReuse:false", "-o", Feed);
        if (pack.ExitCode != 0)
        {
            Dispose();
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        }

        string[] packages = Directory.GetFiles(Feed, "Torsion.*.nupkg");
        string[] symbols = Directory.GetFiles(Feed, "Torsion.*.snupkg");
        Package = packages.Length == 1 ? packages[0] : throw new InvalidOperationException("Expected one Torsion .nupkg in the feed, found: " + string.Join(", ", packages));
        SymbolPackage = symbols.SingleOrDefault();
        string name = Path.GetFileNameWithoutExtension(Package);
        Version = name.Substring("Torsion.".Length);
        _consumer = new Lazy<PackageConsumer>(() => new PackageConsumer(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The temporary directory holding everything the packaging tests write.</summary>
    public string Root { get; }

    /// <summary>The local feed folder the package was packed into.</summary>
    public string Feed { get; }

    /// <summary>The temporary directory given to the dotnet commands.</summary>
    public string Scratch { get; }

    /// <summary>The packed <c>Torsion.{version}.nupkg</c>.</summary>
    public string Package { get; }

    /// <summary>The symbols package next to it, or null when pack made none.</summary>
    public string? SymbolPackage { get; }

    /// <summary>The packed version (from the file name).</summary>
    public string Version { get; }

    /// <summary>The program that consumes the package, built and run on first use.</summary>
    public PackageConsumer Consumer => _consumer.Value;

    /// <summary>
    /// The global packages folder the test project itself was restored from (read from its
    /// project.assets.json), where the package's own dependencies already are: the consumer uses it as
    /// a feed, so its restore needs no network.
    /// </summary>
    internal static string NuGetCache
    {
        get
        {
            string assets = Path.Combine(RepositoryLayout.Root, "tests", "Runtime.Tests", "obj", "project.assets.json");
            if (File.Exists(assets))
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllText(assets));
                if (document.RootElement.TryGetProperty("packageFolders", out JsonElement folders))
                {
                    foreach (JsonProperty folder in folders.EnumerateObject())
                    {
                        return folder.Name;
                    }
                }
            }

            return Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
    }

    /// <summary>Deletes the temporary directory and everything in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>The packaging tests share one packed package.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed Torsion package";
}
