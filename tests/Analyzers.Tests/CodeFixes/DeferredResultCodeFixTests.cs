using System.Threading.Tasks;
using Torsion.Analyzers.CodeFixes;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class DeferredResultCodeFixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    [Fact]
    public Task ReturningAVariableDeferredYieldsItAndReturnsItsResult() => Verify(@"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page)
    {
        yield return InlineCallbacks.Return(page);
    }
}", @"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> M(Deferred<int> page)
    {
        yield return page;
        yield return InlineCallbacks.Return(page.Result);
    }
}");

    [Fact]
    public Task ReturningACallsDeferredKeepsItInALocalFirst() => Verify(@"
partial class C
{
    static Deferred<string> Fetch() => Deferred.Succeed(""x"");

    [InlineCallbacks]
    IEnumerable<Deferred> M()
    {
        yield return InlineCallbacks.Return(Fetch());
    }
}", @"
partial class C
{
    static Deferred<string> Fetch() => Deferred.Succeed(""x"");

    [InlineCallbacks]
    IEnumerable<Deferred> M()
    {
        var inner = Fetch();
        yield return inner;
        yield return InlineCallbacks.Return(inner.Result);
    }
}");

    [Fact]
    public Task AnAsyncMethodAwaitsWhatItReturnsAndDropsTheOuterDeferred() => Verify(@"
class C
{
    static Deferred<int> Count() => Deferred.Succeed(3);

    async Deferred<Deferred<int>> M(bool quick)
    {
        await Deferred.Succeed(0);
        if (quick)
        {
            return Deferred.Succeed(1);
        }

        Func<Deferred<int>> later = () => Count();
        return Count();
    }
}", @"
class C
{
    static Deferred<int> Count() => Deferred.Succeed(3);

    async Deferred<int> M(bool quick)
    {
        await Deferred.Succeed(0);
        if (quick)
        {
            return await Deferred.Succeed(1);
        }

        Func<Deferred<int>> later = () => Count();
        return await Count();
    }
}");

    [Fact]
    public Task AnAsyncLocalFunctionIsFixedToo() => Verify(@"
class C
{
    void M()
    {
        async Deferred<Deferred<string>> Local() => Deferred.Succeed(""a"");
        Local();
    }
}", @"
class C
{
    void M()
    {
        async Deferred<string> Local() => await Deferred.Succeed(""a"");
        Local();
    }
}");

    [Fact]
    public Task NoFixForAnAsyncLambda() => CodeFixHarness.VerifyNoFixAsync(
        new DeferredResultAnalyzer(), new DeferredResultCodeFixProvider(), "TRS2004", Usings + @"
class C
{
    void M(Deferred<int> page)
    {
        Func<Deferred<Deferred<int>>> f = async () => { await Deferred.Succeed(0); return page; };
    }
}");

    [Fact]
    public Task NoFixWhenACallerNeedsTheOuterType() => CodeFixHarness.VerifyNoFixAsync(
        new DeferredResultAnalyzer(), new DeferredResultCodeFixProvider(), "TRS2004", Usings + @"
class C
{
    async Deferred<Deferred<int>> M(Deferred<int> d) { await Deferred.Succeed(0); return d; }
    Deferred<Deferred<int>> Caller(Deferred<int> d) => M(d);
}");

    private static Task Verify(string source, string expected) => CodeFixHarness.VerifyAsync(
        new DeferredResultAnalyzer(), new DeferredResultCodeFixProvider(), "TRS2004", Usings + source, Usings + expected);
}
