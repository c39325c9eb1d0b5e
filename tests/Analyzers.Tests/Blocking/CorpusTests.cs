using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Analyzers.Blocking;
using Xunit.Abstractions;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>
/// Recall and precision of TRS2001/TRS2007 on the checked-in corpus (tests/Analyzers.Tests/Corpus):
/// every line marked <c>// BLOCKS</c> should get a diagnostic, none other may.
/// </summary>
public class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    /// <summary>The corpus as (file, line) sets of planted and safe lines, and the diagnostics' (file, line).</summary>
    internal static async Task<(HashSet<(string, int)> Planted, HashSet<(string, int)> Safe, List<(string File, int Line, string Id)> Reported)> RunAsync()
    {
        string directory = Path.Combine(RepositoryRoot.Path, "tests", "Analyzers.Tests", "Corpus");
        var planted = new HashSet<(string, int)>();
        var safe = new HashSet<(string, int)>();
        var trees = new List<SyntaxTree>();
        foreach (string path in Directory.GetFiles(directory, "*.cs").OrderBy(p => p, System.StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd().EndsWith("// BLOCKS", System.StringComparison.Ordinal)) { planted.Add((name, i)); }
                if (lines[i].TrimEnd().EndsWith("// SAFE", System.StringComparison.Ordinal)) { safe.Add((name, i)); }
            }

            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path: name));
        }

        var compilation = CSharpCompilation.Create("Corpus", trees,
            Basic.Reference.Assemblies.Net100.References.All
                .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the corpus does not compile: " + string.Join("; ", errors));

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BlockingCallAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var reported = diagnostics.Select(d => (d.Location.SourceTree!.FilePath, d.Location.GetLineSpan().StartLinePosition.Line, d.Id)).ToList();
        return (planted, safe, reported);
    }

    [Fact]
    public async Task RecallIsAtLeast95PercentAndPrecisionIs100Percent()
    {
        var (planted, safe, reported) = await RunAsync();
        Assert.True(planted.Count >= 40, "the corpus plants " + planted.Count + " blocking calls");
        Assert.True(safe.Count >= 20, "the corpus has " + safe.Count + " safe look-alikes");

        var hitLines = reported.Select(r => (r.File, r.Line)).ToHashSet();
        var found = planted.Where(hitLines.Contains).ToList();
        var missed = planted.Where(p => !hitLines.Contains(p)).OrderBy(p => p).ToList();
        var wrong = reported.Where(r => !planted.Contains((r.File, r.Line))).ToList();
        double recall = (double)found.Count / planted.Count;
        double precision = reported.Count == 0 ? 1 : (double)(reported.Count - wrong.Count) / reported.Count;
        _output.WriteLine($"planted {planted.Count}, safe {safe.Count}, found {found.Count}, recall {recall:P1}, diagnostics {reported.Count}, precision {precision:P1}");
        foreach (var (file, line) in missed) { _output.WriteLine($"missed {file}:{line + 1}"); }
        foreach (var (file, line, id) in wrong) { _output.WriteLine($"wrong {id} {file}:{line + 1}"); }

        Assert.True(wrong.Count == 0, "diagnostics on unplanted lines: " + string.Join(", ", wrong.Select(w => w.File + ":" + (w.Line + 1))));
        Assert.True(recall >= 0.95, $"recall {recall:P1}; missed: " + string.Join(", ", missed.Select(m => m.Item1 + ":" + (m.Item2 + 1))));
    }
}
