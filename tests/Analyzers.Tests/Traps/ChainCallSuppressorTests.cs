using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.Traps;

public class ChainCallSuppressorTests
{
    [Fact]
    public async Task Cs4014IsSuppressedForChainBuildingCallsOnly()
    {
        string source = @"using System; using System.Threading.Tasks; using Torsion;
class C
{
    static Deferred<int> Fetch() => Deferred.Succeed(1);
    async Task M(Deferred<int> d, Deferred untyped, IReactorTime clock)
    {
        d.AddCallback(x => x + 1);
        d.AddErrback(f => 0);
        untyped.AddBoth(x => x);
        d.AddTimeout(TimeSpan.FromSeconds(1), clock);
        Fetch();
        Fetch().AddCallback(x => x);
        await Task.Yield();
    }
}";
        var compilation = CSharpCompilation.Create("T", new[] { CSharpSyntaxTree.ParseText(source) },
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var all = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ChainCallSuppressor()), options).GetAllDiagnosticsAsync();
        var cs4014 = all.Where(d => d.Id == "CS4014").ToList();
        string Text(Diagnostic d) => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

        Assert.Equal(6, cs4014.Count);
        Assert.Equal(new[] { "Fetch()" }, cs4014.Where(d => !d.IsSuppressed).Select(Text).ToArray());
        Assert.All(cs4014.Where(d => d.IsSuppressed), d => Assert.Contains(".Add", Text(d)));

    }
}
