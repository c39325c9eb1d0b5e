using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.Traps;

public class RetiredHandleAnalyzerTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task AHandleUsedAfterATypeChangingCallbackIsReported() => Verify(@"
class C
{
    void M()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => x.ToString());
        [|d|].AddCallback(x => x + 1);
    }
}");

    [Fact]
    public Task AccidentalUntypedOverloadsRetireTheHandle() => Verify(@"
class C
{
    static void Log(int x) { }
    static void Log(Failure f) { }
    void M(Deferred<int> typed, Deferred<int> other)
    {
        typed.AddErrback(f => Log(f));
        [|typed|].AddCallback(x => x);
        other.AddCallback(x => Log(x));
        [|other|].AddErrback(f => 0);
    }
}");

    [Fact]
    public Task AnErrbackReturningItsFailureKeepsTheHandleTyped() => Verify(@"
class C
{
    async Task M(Deferred<int> typed, Deferred<string> text)
    {
        typed.AddErrback(f => f);
        typed.AddCallback(x => x + 1);
        text.AddErrback(f => { Console.WriteLine(f); return f; });
        await text;
    }
}");

    [Fact]
    public Task AwaitingARetiredHandleIsReported() => Verify(@"
class C
{
    async Task M(Deferred<int> d)
    {
        d.AddCallback(x => (long)x);
        await [|d|];
    }
}");

    [Fact]
    public Task TypeKeepingCallbacksBranchesAndReassignmentsAreNotReported() => Verify(@"
class C
{
    void M(Deferred<int> d, Deferred<int> e, Deferred<int> f, IReactorTime clock, bool flag)
    {
        d.AddCallback(x => x + 1);
        d.AddErrback(failure => 0);
        d.AddTimeout(TimeSpan.FromSeconds(1), clock);
        d.AddFinally(() => { });
        d.AddCallback(x => x * 2);
        if (flag) { e.AddCallback(x => x.ToString()); }
        e.AddCallback(x => x);
        Deferred<string> s = f.AddCallback(x => x.ToString());
        s.AddCallback(t => t + ""!"");
    }
    void N(Deferred<int> g)
    {
        g.AddCallback(x => x.ToString());
        g = new Deferred<int>();
        g.AddCallback(x => x);
    }
}");

    [Fact]
    public async Task TheMessageNamesTheHandleTheRetiringCallAndTheNewHandle()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new RetiredHandleAnalyzer(), Usings + @"
class C { void M(Deferred<int> d) { d.AddCallback(x => x.ToString()); d.AddCallback(x => x); } }");
        string message = diagnostics.Single().GetMessage();
        Assert.Contains("'d' was retired by 'AddCallback'", message);
        Assert.Contains("Deferred<string>", message);
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new RetiredHandleAnalyzer(), "TRS2003", Usings + source);
}
