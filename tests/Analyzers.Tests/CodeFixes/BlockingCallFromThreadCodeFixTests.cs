using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;
using Torsion.Analyzers.CodeFixes;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class BlockingCallFromThreadCodeFixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    [Fact]
    public Task AnExpressionLambdaIsInlined() => Verify(@"
class C
{
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => reactor.BlockingCallFromThread(() => x + 1) * 2);
    }
}", @"
class C
{
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => (x + 1) * 2);
    }
}");

    [Fact]
    public Task AMethodGroupIsCalled() => Verify(@"
class C
{
    static int Compute() => 4;
    void M(IReactor reactor)
    {
        reactor.CallLater(TimeSpan.Zero, () => Console.WriteLine(reactor.BlockingCallFromThread(Compute)));
    }
}", @"
class C
{
    static int Compute() => 4;
    void M(IReactor reactor)
    {
        reactor.CallLater(TimeSpan.Zero, () => Console.WriteLine(Compute()));
    }
}");

    [Fact]
    public Task AFunctionsDeferredIsAwaitedInAnAsyncDeferredMethod() => Verify(@"
class C
{
    static Deferred<int> Fetch() => Deferred.Succeed(1);
    async Deferred<int> M(IReactor reactor)
    {
        int n = reactor.BlockingCallFromThread(() => Fetch());
        return n + 1;
    }
}", @"
class C
{
    static Deferred<int> Fetch() => Deferred.Succeed(1);
    async Deferred<int> M(IReactor reactor)
    {
        int n = await Fetch();
        return n + 1;
    }
}");

    [Fact]
    public Task AFunctionsDeferredIsReturnedFromACallbackForTheChainToWaitFor() => Verify(@"
class C
{
    static Deferred<int> Fetch(int x) => Deferred.Succeed(x);
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => reactor.BlockingCallFromThread(() => Fetch(x)));
    }
}", @"
class C
{
    static Deferred<int> Fetch(int x) => Deferred.Succeed(x);
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => Fetch(x));
    }
}");

    [Fact]
    public Task AFunctionsDeferredIsYieldedInAnInlineCallbacksBody() => Verify(@"
partial class C
{
    static Deferred<string> Fetch(string url) => Deferred.Succeed(url);

    [InlineCallbacks]
    IEnumerable<Deferred> M(IReactor reactor)
    {
        string page = reactor.BlockingCallFromThread(() => Fetch(""a"")).ToUpperInvariant();
        yield return InlineCallbacks.Return(page.Length);
    }
}", @"
partial class C
{
    static Deferred<string> Fetch(string url) => Deferred.Succeed(url);

    [InlineCallbacks]
    IEnumerable<Deferred> M(IReactor reactor)
    {
        var result = Fetch(""a"");
        yield return result;
        string page = result.Result.ToUpperInvariant();
        yield return InlineCallbacks.Return(page.Length);
    }
}");

    [Fact]
    public Task NoFixWhereTheDeferredWouldSilentlyReplaceItsResult() => CodeFixHarness.VerifyNoFixAsync(
        new BlockingCallAnalyzer(), new BlockingCallFromThreadCodeFixProvider(), "TRS2007", Usings + @"
class C
{
    static Deferred<int> Fetch() => Deferred.Succeed(1);
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => { var n = reactor.BlockingCallFromThread(() => Fetch()); Console.WriteLine(n); });
    }
}");

    [Fact]
    public Task NoFixForABlockLambda() => CodeFixHarness.VerifyNoFixAsync(
        new BlockingCallAnalyzer(), new BlockingCallFromThreadCodeFixProvider(), "TRS2007", Usings + @"
class C
{
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x => reactor.BlockingCallFromThread(() => { Console.WriteLine(x); return x; }));
    }
}");

    private static Task Verify(string source, string expected) => CodeFixHarness.VerifyAsync(
        new BlockingCallAnalyzer(), new BlockingCallFromThreadCodeFixProvider(), "TRS2007", Usings + source, Usings + expected);
}
