using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Torsion.Analyzers.Blocking;
using Torsion.Generators.InlineCallbacks;

namespace Torsion.BuildBenchmarks;

/// <summary>
/// Where the build of issue 12's project (<see cref="CallbackProject"/>) spends its time, phase by
/// phase, in this process after a warm-up (as a warm compiler server would): parse; the build
/// without Torsion's generator and analyzers (the iterators compiled as they are), and how much of it
/// the [InlineCallbacks] bodies are (the same build with every body emptied); the generator's run;
/// the emit of the program with the generated code (and its difference from the build without: what
/// compiling the generated code adds); and Torsion's analyzers over it, each
/// analyzer's own execution time as the analyzer driver reports it. Phases run one after another (the analyzers without concurrent
/// analysis), and each is timed in process CPU time, so it is its own cost whatever else runs on the
/// machine. Medians over the rounds.
/// </summary>
internal static class CallbackProjectProfile
{
    /// <summary>As csc parses the project (no /doc: documentation comments are plain trivia).</summary>
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location))
            .ToImmutableArray();

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>Runs <paramref name="rounds"/> measured rounds after <paramref name="warmup"/> and prints the medians.</summary>
    public static void Run(int warmup, int rounds)
    {
        (string Path, string Text)[] sources = CallbackProject.Sources();
        SyntaxTree[] emptied = CallbackProject.Sources(emptyIterators: true)
            .Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8), ParseOptions, "/synthetic/" + s.Path)).ToArray();
        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(BlockingCallAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var samples = new Dictionary<string, List<double>>();
        void Add(string phase, double ms)
        {
            if (!samples.TryGetValue(phase, out List<double>? list))
            {
                samples[phase] = list = new List<double>();
            }

            list.Add(ms);
        }

        for (int round = 0; round < warmup + rounds; round++)
        {
            bool measured = round >= warmup;
            var watch = new PhaseClock();
            SyntaxTree[] trees = sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text, Encoding.UTF8), ParseOptions, "/synthetic/" + s.Path)).ToArray();
            double parse = watch.Milliseconds;

            watch.Restart();
            Emit(CSharpCompilation.Create("Synthetic", trees, References, Options));
            double baseline = watch.Milliseconds;

            watch.Restart();
            Emit(CSharpCompilation.Create("Synthetic", emptied, References, Options));
            double baselineEmptied = watch.Milliseconds;

            watch.Restart();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new InlineCallbacksGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
            driver.RunGeneratorsAndUpdateCompilation(CSharpCompilation.Create("Synthetic", trees, References, Options), out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            double generator = watch.Milliseconds;
            if (!generatorDiagnostics.IsEmpty || output.SyntaxTrees.Count() != trees.Length + 100)
            {
                throw new InvalidOperationException("The generator did not generate the 100 methods: " + string.Join("; ", generatorDiagnostics.Take(5)));
            }

            watch.Restart();
            Emit(output);
            double emitWith = watch.Milliseconds;

            watch.Restart();
            var withAnalyzers = new CompilationWithAnalyzers(output, analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            ImmutableArray<Diagnostic> found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            double analysis = watch.Milliseconds;
            if (!found.IsEmpty)
            {
                throw new InvalidOperationException("The analyzers report on the synthetic project: " + string.Join("; ", found.Take(5)));
            }

            if (!measured)
            {
                continue;
            }

            Add("parse (both builds)", parse);
            Add("build without (compile + emit, plain iterators)", baseline);
            Add("  of which the 100 iterator bodies", baseline - baselineEmptied);
            Add("generator run", generator);
            Add("compile + emit with the generated code", emitWith);
            Add("  of which the generated code (with - without)", emitWith - baseline);
            Add("Torsion analyzers (all, sequential)", analysis);
            foreach (DiagnosticAnalyzer analyzer in analyzers)
            {
                Add("  " + analyzer.GetType().Name, withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
            }

            Add("total with / total without", (parse + generator + emitWith + analysis) / (parse + baseline));
        }

        Console.WriteLine($"Issue 12 project, {rounds} rounds after {warmup} warm-up, medians (process CPU ms; analyzer rows: the driver's execution time):");
        foreach ((string phase, List<double> values) in samples)
        {
            values.Sort();
            Console.WriteLine($"{phase,-52} {values[values.Count / 2],9:F1}   (min {values[0]:F1}, max {values[^1]:F1})");
        }
    }

    /// <summary>
    /// The process CPU time since the last <see cref="Restart"/> (all threads: the compiler binds and
    /// emits methods in parallel), steadier than wall time on a machine shared with other builds.
    /// </summary>
    private sealed class PhaseClock
    {
        private TimeSpan _start = Now();

        public double Milliseconds => (Now() - _start).TotalMilliseconds;

        public void Restart() => _start = Now();

        private static TimeSpan Now()
        {
            using Process process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }
    }

    private static void Emit(Compilation compilation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        EmitResult result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            throw new InvalidOperationException("Emit failed: " + string.Join("; ", result.Diagnostics.Take(5)));
        }
    }
}
