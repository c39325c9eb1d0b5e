using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.Traps;

public class InlineCallbacksBodyAnalyzerTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    [Fact]
    public Task ResultBeforeTheYieldIsReported() => Verify("TRS2005", @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page, Deferred<int> other, bool flag)
    {
        int early = [|page.Result|];
        yield return page;
        int late = page.Result;
        if (flag) { yield return other; }
        int maybe = [|other.Result|];
        var done = Deferred.Succeed(3);
        int fired = done.Result;
        if (other.HasResult) { fired += other.Result; }
        yield return InlineCallbacks.Return(early + late + maybe + fired);
    }
    IEnumerable<Deferred> NotInlineCallbacks(Deferred<int> page) { int x = page.Result; yield return page; }
}");

    [Fact]
    public Task AYieldedDeferredThatNothingFiresIsReported() => Verify("TRS2006", @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(IReactorTime clock)
    {
        var never = new Deferred<int>();
        never.AddCallback(x => x + 1);
        yield return [|never|];
        var fired = new Deferred<int>();
        clock.CallLater(TimeSpan.FromSeconds(1), () => fired.Callback(1));
        yield return fired;
        var handed = new Deferred();
        Register(handed);
        yield return handed;
        var self = new Deferred<int>();
        self.Callback(2);
        yield return self;
    }
    static void Register(Deferred d) { }
}");

    [Fact]
    public async Task AYieldInsideTryWithCatchGetsTheInfoBesideCs1626()
    {
        string source = Usings + @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> d)
    {
        try { yield return d; } catch (Exception) { }
        try { } catch (Exception) { } finally { }
        try { yield return d; } finally { }
    }
}";
        var compilation = CSharpCompilation.Create("T", new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Single(compilation.GetDiagnostics(), d => d.Id == "CS1626");
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new InlineCallbacksBodyAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Diagnostic info = Assert.Single(diagnostics, d => d.Id == "TRS2008");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Equal("yield return d;", source.Substring(info.Location.SourceSpan.Start, info.Location.SourceSpan.Length));
        Assert.Contains("InlineCallbacks.Settle", info.GetMessage());
        Assert.Contains("async Deferred<T>", info.GetMessage());
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS1626" && d.Location.SourceSpan.IntersectsWith(info.Location.SourceSpan));
    }

    private static Task Verify(string id, string source) => AnalyzerHarness.VerifyAsync(new InlineCallbacksBodyAnalyzer(), id, Usings + source);
}
