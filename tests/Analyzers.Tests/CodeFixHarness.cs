using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Torsion.Analyzers.Tests;

/// <summary>
/// Applies a code fix the way an editor does: the source is a document of an <see cref="AdhocWorkspace"/>
/// project referencing the .NET 10 reference assemblies and Torsion.Runtime; the analyzer's diagnostics
/// are computed, the fix's first action is applied (with the workspace's post-processing: simplifier,
/// formatter), and this repeats until no reported diagnostic gets a fix.
/// </summary>
internal static class CodeFixHarness
{
    private const int MaxRounds = 32;

    /// <summary>
    /// Asserts that fixing every diagnostic <paramref name="id"/> of <paramref name="source"/> that the fix
    /// offers to fix gives exactly <paramref name="expected"/>, that at least one fix was applied, and that
    /// the result compiles without errors.
    /// </summary>
    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id, string source, string expected)
    {
        Document document = CreateDocument(source);
        await AssertCompilesAsync(document, "test source");
        int applied = 0;
        for (int round = 0; round < MaxRounds; round++)
        {
            (Diagnostic Diagnostic, CodeAction Action)? next = await FirstFixAsync(document, analyzer, fix, id);
            if (next is null)
            {
                break;
            }

            ImmutableArray<CodeActionOperation> operations = await next.Value.Action.GetOperationsAsync(CancellationToken.None);
            Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            document = changed.GetDocument(document.Id)!;
            applied++;
        }

        Assert.True(applied > 0, "no fix was offered");
        string actual = (await document.GetTextAsync()).ToString();
        Assert.Equal(expected.Replace("\r\n", "\n"), actual.Replace("\r\n", "\n"));
        await AssertCompilesAsync(document, "fixed source");
    }

    /// <summary>Asserts that <paramref name="source"/> has at least one diagnostic <paramref name="id"/> and that none gets a fix.</summary>
    public static async Task VerifyNoFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id, string source)
    {
        Document document = CreateDocument(source);
        await AssertCompilesAsync(document, "test source");
        ImmutableArray<Diagnostic> diagnostics = await DiagnosticsAsync(document, analyzer, id);
        Assert.NotEmpty(diagnostics);
        Assert.Null(await FirstFixAsync(document, analyzer, fix, id));
    }

    /// <summary>
    /// Runs <paramref name="analyzer"/> over <paramref name="source"/>, which need not compile (as while
    /// the user types), then asks <paramref name="fix"/> for every diagnostic it can fix and computes
    /// each offered action's changes. Returns every exception the analyzer threw (the compiler would
    /// have turned each into an AD0001 warning); an exception from the fix propagates.
    /// </summary>
    public static async Task<IReadOnlyList<Exception>> RunOnAnySourceAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source)
    {
        Document document = CreateDocument(source);
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        var thrown = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => { lock (thrown) { thrown.Add(exception); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync();
        foreach (Diagnostic diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
        {
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            foreach (CodeAction action in actions)
            {
                await action.GetOperationsAsync(CancellationToken.None);
            }
        }

        return thrown;
    }

    private static async Task<(Diagnostic, CodeAction)?> FirstFixAsync(Document document, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id)
    {
        foreach (Diagnostic diagnostic in await DiagnosticsAsync(document, analyzer, id))
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fix.RegisterCodeFixesAsync(context);
            if (actions.Count > 0)
            {
                return (diagnostic, actions[0]);
            }
        }

        return null;
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer, string id)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> all = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        return all.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task AssertCompilesAsync(Document document, string what)
    {
        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, what + " does not compile: " + string.Join("; ", errors) + "\n" + (await document.GetTextAsync()));
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var references = Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location));
        ProjectInfo project = ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "CodeFixTest",
            "CodeFixTest",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references);
        Solution solution = workspace.CurrentSolution.AddProject(project);
        DocumentId documentId = DocumentId.CreateNewId(project.Id);
        solution = solution.AddDocument(documentId, "Test.cs", SourceText.From(source));
        return solution.GetDocument(documentId)!;
    }
}
