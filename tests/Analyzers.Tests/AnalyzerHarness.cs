using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Torsion.Analyzers.Tests;

/// <summary>
/// Runs an analyzer over source that references Torsion.Runtime and the .NET 10 reference
/// assemblies (from Basic.Reference.Assemblies: nothing is downloaded at test time). Expected
/// diagnostics are marked in the source as <c>[|...|]</c> spans.
/// </summary>
internal static class AnalyzerHarness
{
    public static Task<IReadOnlyList<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source)
        => RunAsync(analyzer, source, ImmutableArray<AdditionalText>.Empty);

    /// <summary>Runs <paramref name="analyzer"/> with <paramref name="additionalFiles"/> (MSBuild AdditionalFiles items).</summary>
    public static async Task<IReadOnlyList<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, string source, ImmutableArray<AdditionalText> additionalFiles)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Test.cs");
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "AnalyzerTest",
            new[] { tree },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Xunit.Assert.True(errors.Count == 0, "test source does not compile: " + string.Join("; ", errors));
        var options = new AnalyzerOptions(additionalFiles);
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>Asserts the analyzer reports exactly the marked spans, with <paramref name="id"/>.</summary>
    public static Task VerifyAsync(DiagnosticAnalyzer analyzer, string id, string markedSource)
        => VerifyAsync(analyzer, id, markedSource, ImmutableArray<AdditionalText>.Empty);

    /// <summary>Asserts the analyzer, given <paramref name="additionalFiles"/>, reports exactly the marked spans, with <paramref name="id"/>.</summary>
    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, string id, string markedSource, ImmutableArray<AdditionalText> additionalFiles)
    {
        var (source, spans) = Unmark(markedSource);
        IReadOnlyList<Diagnostic> diagnostics = await RunAsync(analyzer, source, additionalFiles);
        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.End)).OrderBy(d => d.Start).ToList();
        var expected = spans.Select(s => (Id: id, s.Start, s.End)).ToList();
        Xunit.Assert.Equal(expected, actual);
    }

    /// <summary>The source without its <c>[|...|]</c> marks, and the marked spans.</summary>
    public static (string Source, List<(int Start, int End)> Spans) Unmark(string marked)
    {
        var spans = new List<(int, int)>();
        var text = new System.Text.StringBuilder();
        int open = -1;
        for (int i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '[' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                open = text.Length;
                i++;
            }
            else if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == ']')
            {
                spans.Add((open, text.Length));
                i++;
            }
            else
            {
                text.Append(marked[i]);
            }
        }

        return (text.ToString(), spans);
    }
}
