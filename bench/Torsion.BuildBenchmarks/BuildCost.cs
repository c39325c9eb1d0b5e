using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Torsion.Generators.InlineCallbacks;

namespace Torsion.BuildBenchmarks;

/// <summary>
/// One build of the synthetic project, as the compiler does it (parse, run generators, bind, emit
/// IL and a PDB), with or without the [InlineCallbacks] generator. "Without" compiles the same final
/// program with the generated files already on disk, so the difference is the generator's own cost.
/// </summary>
internal sealed class BuildCost
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location))
            .ToImmutableArray();

    private readonly (string Path, string Text)[] _sources;
    private readonly (string Path, string Text)[] _generated;

    public BuildCost(int methods)
    {
        _sources = SyntheticProject.Sources(methods);
        GeneratorDriverRunResult run = RunGenerator(Compile(_sources), out Compilation output);
        ImmutableArray<Diagnostic> errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Concat(run.Diagnostics).ToImmutableArray();
        if (!errors.IsEmpty)
        {
            throw new System.InvalidOperationException("The synthetic project does not build: " + string.Join("; ", errors.Take(5)));
        }

        _generated = run.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToArray();
        GeneratedFiles = _generated.Length;
    }

    /// <summary>How many files the generator writes for the project.</summary>
    public int GeneratedFiles { get; }

    /// <summary>The build with the generator: user sources in, generator, compile, emit.</summary>
    public long BuildWithGenerator()
    {
        RunGenerator(Compile(_sources), out Compilation output);
        return Emit(output);
    }

    /// <summary>The same program built from the user sources plus the already-generated files.</summary>
    public long BuildWithoutGenerator() => Emit(Compile(_sources.Concat(_generated).ToArray()));

    /// <summary>Only the generator's run over the project (its own time).</summary>
    public int GeneratorOnly() => RunGenerator(Compile(_sources), out _).GeneratedTrees.Length;

    private static CSharpCompilation Compile((string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "Synthetic",
            sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8), ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriverRunResult RunGenerator(Compilation compilation, out Compilation output)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new InlineCallbacksGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
        return driver.GetRunResult();
    }

    private static long Emit(Compilation compilation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        EmitResult result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new System.InvalidOperationException("Emit failed: " + string.Join("; ", result.Diagnostics.Take(5)));
        }

        return pe.Length;
    }
}
