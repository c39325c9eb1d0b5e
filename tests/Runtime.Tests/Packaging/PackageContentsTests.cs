using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Torsion.Tests.Packaging;

[Collection(PackedPackageCollection.Name)]
public class PackageContentsTests
{
    private readonly PackedPackage _package;

    public PackageContentsTests(PackedPackage package) => _package = package;

    [Fact]
    public void PackedRuntimeCarriesTheGeneratorAndTheAnalyzers()
    {
        using ZipArchive archive = ZipFile.OpenRead(_package.Package);
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

    [Fact]
    public void PackageIsNamedTorsionAndDescribesItself()
    {
        Assert.Equal("Torsion." + _package.Version + ".nupkg", Path.GetFileName(_package.Package));
        using ZipArchive archive = ZipFile.OpenRead(_package.Package);
        ZipArchiveEntry nuspecEntry = archive.GetEntry("Torsion.nuspec") ?? throw new Xunit.Sdk.XunitException("the package has no Torsion.nuspec");
        XDocument nuspec;
        using (Stream stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal("Torsion", Field("id"));
        Assert.Equal(_package.Version, Field("version"));
        Assert.Contains("Twisted", Field("description"), StringComparison.Ordinal);
        Assert.Contains("Deferred", Field("description"), StringComparison.Ordinal);
        string[] tags = Field("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("twisted", tags);
        Assert.Contains("deferred", tags);
        Assert.Contains("reactor", tags);
        XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Field("readme"));

        // The package readme is the repository's README, byte for byte.
        using var readme = new StreamReader(archive.GetEntry("README.md")!.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")), readme.ReadToEnd());

        // The MSBuild switches travel with the package, to direct and transitive users alike.
        Assert.NotNull(archive.GetEntry("buildTransitive/Torsion.targets"));

        // Its only dependency is the logging abstractions.
        string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct().ToArray();
        Assert.Equal(new[] { "Microsoft.Extensions.Logging.Abstractions" }, dependencies);
    }

    [Fact]
    public void SymbolPackageCarriesTheRuntimePdb()
    {
        Assert.NotNull(_package.SymbolPackage);
        Assert.Equal("Torsion." + _package.Version + ".snupkg", Path.GetFileName(_package.SymbolPackage));
        using ZipArchive archive = ZipFile.OpenRead(_package.SymbolPackage!);
        ZipArchiveEntry pdb = archive.GetEntry("lib/net10.0/Torsion.Runtime.pdb") ?? throw new Xunit.Sdk.XunitException("the symbols package has no Torsion.Runtime.pdb");

        // A portable PDB (what symbol servers accept), not an empty file.
        using var bytes = new MemoryStream();
        using (Stream stream = pdb.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(bytes);
        Assert.True(provider.GetMetadataReader().Documents.Count > 10);
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
