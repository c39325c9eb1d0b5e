using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Torsion.Generators.InlineCallbacks;

namespace Torsion.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the [InlineCallbacks] generator over in-memory sources (references: .NET 10 reference
/// assemblies from Basic.Reference.Assemblies plus Torsion.Runtime), and compiles/loads the result.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location))
            .ToImmutableArray());

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilation CreateCompilation(params (string Path, string Source)[] sources) =>
        CSharpCompilation.Create(
            "UserCode",
            sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Source, Encoding.UTF8), ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static GeneratorRun Run(string source, string path = "Input.cs") => Run(CreateCompilation((path, source)));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new InlineCallbacksGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new GeneratorRun(driver, (CSharpCompilation)output, result, diagnostics);
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, CSharpCompilation Output, GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources).ToList();

    public string SingleSource => Sources.Single().SourceText.ToString();

    /// <summary>Errors and warnings of the compilation including the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Compiles user + generated code with a PDB and loads it into a collectible context.</summary>
    public Assembly Load()
    {
        Assert.DoesNotContain(GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        EmitResult emitted = Output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!emitted.Success)
        {
            string errors = string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            string generated = string.Join(Environment.NewLine + "-----" + Environment.NewLine, Sources.Select(s => s.SourceText.ToString()));
            Assert.Fail("The generated code does not compile:" + Environment.NewLine + errors + Environment.NewLine + generated);
        }

        pe.Position = 0;
        pdb.Position = 0;
        var context = new AssemblyLoadContext("UserCode" + Guid.NewGuid(), isCollectible: true);
        return context.LoadFromStream(pe, pdb);
    }
}
