using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>TRS2001 follows calls of the compilation's own methods to the blocking call, through any depth.</summary>
public class InterproceduralTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task AHelperThatReachesABlockingCallIsReportedAtTheCallInReactorCode() => Verify(@"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { [|Refresh()|]; return x; }); }
    void Refresh() { LoadConfig(); }
    string LoadConfig() => File.ReadAllText(""config"");
}");

    [Fact]
    public async Task TheMessageShowsTheChain()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new BlockingCallAnalyzer(), Usings + @"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { Refresh(); return x; }); }
    void Refresh() { LoadConfig(); }
    string LoadConfig() => File.ReadAllText(""config"");
}");
        string message = diagnostics.Single().GetMessage();
        Assert.Contains("Refresh → LoadConfig → File.ReadAllText", message);
        Assert.Contains("a delegate given to AddCallback", message);
    }

    [Fact]
    public Task CyclesAreFollowedAndEnd() => Verify(@"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { [|Ping(x)|]; Even(x); return x; }); }
    void Ping(int n) { if (n > 0) Pong(n - 1); }
    void Pong(int n) { if (n > 0) Ping(n - 1); else Thread.Sleep(1); }
    bool Even(int n) => n == 0 || Odd(n - 1);
    bool Odd(int n) => n != 0 && Even(n - 1);
}");

    [Fact]
    public Task HelpersCalledOutsideReactorCodeAreNotReported() => Verify(@"
class C
{
    void M() { Refresh(); Task.Run(() => Refresh()); }
    void Refresh() => File.ReadAllText(""config"");
}");

    [Fact]
    public Task NonBlockingCutsTheChain() => Verify(@"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { Refresh(); [|Other()|]; return x; }); }
    [NonBlocking] void Refresh() => Load();
    void Other() => Load();
    void Load() => File.ReadAllText(""config"");
}");

    [Fact]
    public Task BlockingMarksALibraryMethod() => Verify(@"
class Library { [Blocking] public static void Sync() { } }
class C { void M(Deferred<int> d) { d.AddCallback(x => { [|Library.Sync()|]; return x; }); } }");

    [Fact]
    public Task HelpersReachedThroughPropertiesConstructorsAndLocalFunctionsAreFollowed() => Verify(@"
class Config { public Config() { File.ReadAllText(""a""); } }
class C
{
    string Text => File.ReadAllText(""b"");
    void M(Deferred<int> d)
    {
        d.AddCallback(x => { [|new Config()|]; _ = [|Text|]; return x; });
    }
    void N(IReactorTime clock)
    {
        clock.CallLater(TimeSpan.Zero, () => [|Outer()|]);
        void Outer() { Inner(); void Inner() { Thread.Sleep(1); } }
    }
}");

    [Fact]
    public Task ACalleeThatRunsOnTheReactorItselfIsReportedInsideOnly() => Verify(@"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { Fetch(); return x; }); }
    async Deferred Fetch() { await Deferred.Succeed(1); [|Thread.Sleep(1)|]; }
}");

    [Fact]
    public Task LambdasRunInlineByAHelperCount() => Verify(@"
class C
{
    void M(Deferred<List<string>> d) { d.AddCallback(paths => { [|LoadAll(paths)|]; Later(); return paths; }); }
    void LoadAll(List<string> paths) => paths.ForEach(p => File.ReadAllText(p));
    Action? _stored;
    void Later() { _stored = () => File.ReadAllText(""x""); }
}");

    [Fact]
    public Task CallsAfterConfigureAwaitFalseAreNotReported() => Verify(@"
class C
{
    async Deferred M(Task t)
    {
        [|Refresh()|];
        await t.ConfigureAwait(false);
        Refresh();
        Thread.Sleep(1);
    }
    void Refresh() => File.ReadAllText(""config"");
}");

    [Fact]
    public Task AReactorMethodGroupSeenInAnotherMemberMakesItsHelpersReported() => Verify(@"
class A { public void Start(IReactor reactor) { reactor.CallWhenRunning(new B().Main); } }
class B { public void Main() { [|Helper()|]; } void Helper() => Thread.Sleep(1); }");

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
