using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

public class BlockingCallAnalyzerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task ThreadSleepInADeferredCallbackLambdaIsFlagged() => Verify(@"
class C { void M(Deferred<int> d) { d.AddCallback(x => { [|Thread.Sleep(10)|]; return x; }); } }");

    [Fact]
    public Task TaskResultInAnErrbackLambdaIsFlagged() => Verify(@"
class C { void M(Deferred<int> d, Task<int> t) { d.AddErrback(f => [|t.Result|]); } }");

    [Fact]
    public Task TaskWaitInACallLaterLambdaIsFlagged() => Verify(@"
class C { void M(IReactorTime clock, Task t) { clock.CallLater(TimeSpan.Zero, () => [|t.Wait()|]); } }");

    [Fact]
    public Task GetAwaiterGetResultInAnAsyncDeferredMethodIsFlagged() => Verify(@"
class C { async Deferred<int> M(Task<int> t) { await Deferred.Succeed(1); return [|t.GetAwaiter().GetResult()|]; } }");

    [Fact]
    public Task BlockingOutsideReactorCodeIsNotFlagged() => Verify(@"
class C { void M(Task t) { Thread.Sleep(1); t.Wait(); Action a = () => Thread.Sleep(1); a(); } }");

    [Fact]
    public Task AwaitInAnAsyncDeferredMethodIsNotFlagged() => Verify(@"
class C { async Deferred<int> M(Task<int> t) => await t; }");

    [Fact]
    public Task BlockingInALambdaGivenToANonReactorMethodIsNotFlagged() => Verify(@"
class C { void M() { Task.Run(() => Thread.Sleep(1)); } }");

    [Fact]
    public async Task MessageNamesTheMemberAndThePlace()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new BlockingCallAnalyzer(), Usings + @"
class C { void M(Deferred<int> d) { d.AddCallback(x => { Thread.Sleep(10); return x; }); } }");
        string message = diagnostics.Single().GetMessage();
        Assert.Contains("'Thread.Sleep'", message);
        Assert.Contains("AddCallback", message);
        Assert.Equal("TRS2001", diagnostics.Single().Id);
        Assert.EndsWith("docs/diagnostics/TRS2001.md", diagnostics.Single().Descriptor.HelpLinkUri);
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
