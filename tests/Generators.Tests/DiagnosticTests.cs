using System.Linq;
using Microsoft.CodeAnalysis;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>Every TRS1xx diagnostic: reported with its id, at the right place, naming the method.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks; using Torsion;\n";

    private static Diagnostic Single(string source, string id)
    {
        s_lastSource = Usings + source;
        GeneratorRun run = GeneratorHarness.Run(Usings + source);
        Diagnostic[] matching = run.GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length == 1, "expected one " + id + ", got: " + string.Join("; ", run.GeneratorDiagnostics));
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", matching[0].Descriptor.HelpLinkUri);
        return matching[0];
    }

    private static string TextAt(Diagnostic diagnostic)
    {
        Assert.Equal("Input.cs", diagnostic.Location.GetLineSpan().Path);
        return s_lastSource!.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
    }

    private static string? s_lastSource;

    [Fact]
    public void TRS100_containing_type_not_partial()
    {
        Diagnostic d = Single("public partial class Outer { public class Inner { [InlineCallbacks] IEnumerable<Deferred> M() { yield break; } } }", "TRS100");
        Assert.Equal("Inner", TextAt(d));
        Assert.Contains("'M'", d.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void TRS101_not_an_iterator()
    {
        Diagnostic d = Single("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() => new List<Deferred>(); }", "TRS101");
        Assert.Equal("M", TextAt(d));
        Single("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { return new List<Deferred>(); } }", "TRS101");
    }

    [Fact]
    public void TRS102_wrong_element_type()
    {
        Diagnostic d = Single("public partial class C { [InlineCallbacks] IEnumerable<Deferred<int>> M() { yield break; } }", "TRS102");
        Assert.Equal("IEnumerable<Deferred<int>>", TextAt(d));
        Assert.Contains("IEnumerable<Torsion.Deferred>", d.GetMessage());
    }

    [Theory]
    [InlineData("Span<int> s = stackalloc int[2]; yield return Deferred.Succeed(s[0]);", "Span<int>")]
    [InlineData("int[] a = { 1 }; ref int r = ref a[0]; yield return Deferred.Succeed(r);", "ref local")]
    [InlineData("var anon = new { A = 1 }; yield return Deferred.Succeed(anon.A);", "anonymous type")]
    [InlineData("lock (this) { yield return Deferred.Succeed(1); }", "lock")]
    [InlineData("foreach (var c in \"ab\".AsSpan()) { yield return Deferred.Succeed(c); }", "ref struct enumerator")]
    public void TRS103_unsupported_construct_at_its_location(string body, string expectedText)
    {
        Diagnostic d = Single("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { " + body + " } }", "TRS103");
        Assert.Contains(expectedText, d.GetMessage());
        Assert.NotEqual(Location.None, d.Location);
    }

    [Fact]
    public void TRS104_local_function_and_async_method()
    {
        Diagnostic local = Single(
            "public partial class C { void Outer() { [InlineCallbacks] IEnumerable<Deferred> Local() { yield break; } Local(); } }", "TRS104");
        Assert.Equal("Local", TextAt(local));
        Assert.Contains("local function", local.GetMessage());
        Diagnostic async = Single("public partial class C { [InlineCallbacks] async Task M() { await Task.Yield(); } }", "TRS104");
        Assert.Contains("async", async.GetMessage());
    }

    [Fact]
    public void TRS105_name_clash_with_the_generated_method()
    {
        Diagnostic d = Single(
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(int x) { yield break; } public void MAsync(int y) { } }", "TRS105");
        Assert.Contains("'MAsync'", d.GetMessage());
        // A different parameter list is an overload, not a clash.
        GeneratorRun run = GeneratorHarness.Run(Usings +
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(int x) { yield break; } public void MAsync(string y) { } }");
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void TRS106_inconsistent_return_types()
    {
        Diagnostic d = Single(
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(bool b) { if (b) yield return InlineCallbacks.Return(1); yield return InlineCallbacks.Return(\"x\"); } }",
            "TRS106");
        Assert.Contains("'int'", d.GetMessage());
        Assert.Contains("'string'", d.GetMessage());
    }

    [Fact]
    public void TRS107_return_outside_yield_return()
    {
        Diagnostic d = Single(
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { var r = InlineCallbacks.Return(1); yield return r; } }", "TRS107");
        Assert.Equal("InlineCallbacks.Return(1)", TextAt(d));
    }

    [Fact]
    public void TRS108_may_finish_without_a_value_is_a_warning()
    {
        Diagnostic d = Single(
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(bool b) { if (b) yield return InlineCallbacks.Return(1); } }", "TRS108");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        GeneratorRun run = GeneratorHarness.Run(Usings +
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(bool b) { if (b) { yield return InlineCallbacks.Return(1); } else { throw new Exception(); } } }");
        Assert.Empty(run.GeneratorDiagnostics);
        // A yield break that cannot be reached does not count; one that can, does.
        run = GeneratorHarness.Run(Usings +
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { yield return InlineCallbacks.Return(1); yield break; } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Single("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(bool b) { if (b) yield break; yield return InlineCallbacks.Return(1); } }", "TRS108");
    }

    [Fact]
    public void TRS109_is_retired_per_iteration_variables_captured_by_local_functions_are_generated()
    {
        // What TRS109 used to reject: a local function and an out variable capturing per-iteration
        // variables. Both are generated now, and the result compiles.
        GeneratorRun run = GeneratorHarness.Run(Usings +
            "public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(List<int> xs, List<Func<int>> fs) { foreach (var x in xs) { int F() => x; fs.Add(F); int.TryParse(\"1\", out var y); fs.Add(() => x + y); yield return Deferred.Succeed(x); } } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain(InlineCallbacksDiagnosticsIds(), id => id == "TRS109");
    }

    private static System.Collections.Generic.IEnumerable<string> InlineCallbacksDiagnosticsIds() =>
        typeof(Torsion.Generators.InlineCallbacks.InlineCallbacksDiagnostics)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<DiagnosticDescriptor>()
            .Select(d => d.Id);

    [Fact]
    public void TRS110_invalid_method_name()
    {
        Diagnostic d = Single("public partial class C { [InlineCallbacks(MethodName = \"not valid\")] IEnumerable<Deferred> M() { yield break; } }", "TRS110");
        Assert.Contains("not valid", d.GetMessage());
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_release_entry()
    {
        string root = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.AppContext.BaseDirectory, "../../../../.."));
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src/Generators/AnalyzerReleases.Unshipped.md"));
        foreach (string id in InlineCallbacksDiagnosticsIds())
        {
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(root, "docs/diagnostics/" + id + ".md")), id + " has no page");
            Assert.Contains(id + " |", releases);
        }
        Assert.Equal(new[] { "TRS100", "TRS101", "TRS102", "TRS103", "TRS104", "TRS105", "TRS106", "TRS107", "TRS108", "TRS110", "TRS199" }, InlineCallbacksDiagnosticsIds().OrderBy(id => id));
        // The retired id keeps its page (saying so) and is not reused.
        Assert.Contains("retired", System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs/diagnostics/TRS109.md")));
    }
}
