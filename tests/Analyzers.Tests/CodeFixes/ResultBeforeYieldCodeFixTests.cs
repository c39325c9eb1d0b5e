using System.Threading.Tasks;
using Torsion.Analyzers.CodeFixes;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class ResultBeforeYieldCodeFixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    [Fact]
    public Task TheDeferredIsYieldedBeforeTheRead() => CodeFixHarness.VerifyAsync(
        new InlineCallbacksBodyAnalyzer(), new ResultBeforeYieldCodeFixProvider(), "TRS2005", Usings + @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page)
    {
        int n = page.Result + 1;
        yield return InlineCallbacks.Return(n);
    }
}", Usings + @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page)
    {
        yield return page;
        int n = page.Result + 1;
        yield return InlineCallbacks.Return(n);
    }
}");

    [Fact]
    public Task NoFixInsideATryWithACatch() => CodeFixHarness.VerifyNoFixAsync(
        new InlineCallbacksBodyAnalyzer(), new ResultBeforeYieldCodeFixProvider(), "TRS2005", Usings + @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page)
    {
        int n = 0;
        try { n = page.Result; } catch (InvalidOperationException) { }
        yield return InlineCallbacks.Return(n);
    }
}");
}
