using System.Threading.Tasks;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.Traps;

public class DeferredResultAnalyzerTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    [Fact]
    public Task ReturningADeferredFromAnInlineCallbacksBodyIsReported() => Verify(@"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> other, Deferred untyped)
    {
        yield return other;
        if (other.Result > 0) { yield return InlineCallbacks.Return([|untyped|]); }
        yield return InlineCallbacks.Return([|other|]);
    }
    [InlineCallbacks]
    IEnumerable<Deferred> Fine(Deferred<int> other)
    {
        yield return other;
        yield return InlineCallbacks.Return(other.Result);
    }
}");

    [Fact]
    public async Task AnAsyncDeferredOfDeferredIsReported()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new DeferredResultAnalyzer(), Usings + @"
class C
{
    async Deferred<Deferred> M() { await Deferred.Succeed(1); return new Deferred(); }
    async Deferred<Deferred<int>> N() { await Deferred.Succeed(1); return Deferred.Succeed(1); }
    async Deferred<int> Fine() { return await Deferred.Succeed(1); }
    void Lambdas()
    {
        Func<Deferred<Deferred>> f = async () => { await Deferred.Succeed(1); return new Deferred(); };
        async Deferred<Deferred<int>> Local() { await Deferred.Succeed(1); return Deferred.Succeed(2); }
    }
}");
        Assert.Equal(4, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.Equal("TRS2004", d.Id));
        Assert.All(diagnostics, d => Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, d.Severity));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("Async method 'M'") && d.GetMessage().Contains("'Deferred'"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("Async method 'Local'"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("This async lambda"));
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new DeferredResultAnalyzer(), "TRS2004", Usings + source);
}
