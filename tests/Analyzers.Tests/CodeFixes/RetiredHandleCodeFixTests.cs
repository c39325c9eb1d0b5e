using System.Threading.Tasks;
using Torsion.Analyzers.CodeFixes;
using Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class RetiredHandleCodeFixTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task LaterCallsContinueOnANewVariableForTheReturnedHandle() => Verify(@"
class C
{
    void M()
    {
        var d = new Deferred<int>();
        d.AddCallback(x => x.ToString());
        d.AddCallback(x => Console.WriteLine(x));
    }
}", @"
class C
{
    void M()
    {
        var d = new Deferred<int>();
        var dAsString = d.AddCallback(x => x.ToString());
        dAsString.AddCallback(x => Console.WriteLine(x));
    }
}");

    [Fact]
    public Task AFluentChainContinuesOnItsLastHandle() => Verify(@"
class C
{
    void M(Deferred<int> d)
    {
        d.AddCallback(x => x.ToString()).AddCallback(s => s.Length > 2);
        d.AddCallback(x => Console.WriteLine(x));
    }
}", @"
class C
{
    void M(Deferred<int> d)
    {
        var dAsBoolean = d.AddCallback(x => x.ToString()).AddCallback(s => s.Length > 2);
        dAsBoolean.AddCallback(x => Console.WriteLine(x));
    }
}");

    [Fact]
    public Task TheVariableTheRetiringCallInitializesIsReused() => Verify(@"
class C
{
    async Task M(Deferred<int> d)
    {
        Deferred<string> text = d.AddCallback(x => x.ToString());
        d.AddErrback(f => { Console.WriteLine(f); return """"; });
        await d;
    }
}", @"
class C
{
    async Task M(Deferred<int> d)
    {
        Deferred<string> text = d.AddCallback(x => x.ToString());
        text.AddErrback(f => { Console.WriteLine(f); return """"; });
        await text;
    }
}");

    [Fact]
    public Task AVoidCallbackPassesItsValueOnAndKeepsTheType() => Verify(@"
class C
{
    static void Log(string s) { }
    void M(Deferred<string> typed)
    {
        typed.AddCallback(x => Log(x));
        typed.AddCallback(x => x.Length);
    }
}", @"
class C
{
    static void Log(string s) { }
    void M(Deferred<string> typed)
    {
        typed.AddCallback(x => { Log(x); return x; });
        typed.AddCallback(x => x.Length);
    }
}");

    [Fact]
    public Task NoFixWhenTheLaterCallbackDoesNotFitTheNewType() => CodeFixHarness.VerifyNoFixAsync(
        new RetiredHandleAnalyzer(), new RetiredHandleCodeFixProvider(), "TRS2003", Usings + @"
class C
{
    void M(Deferred<int> d)
    {
        d.AddCallback(x => x.ToString());
        d.AddCallback(x => x * 2);
    }
}");

    [Fact]
    public Task NoFixWhenTheRetiringCallIsAnArgument() => CodeFixHarness.VerifyNoFixAsync(
        new RetiredHandleAnalyzer(), new RetiredHandleCodeFixProvider(), "TRS2003", Usings + @"
class C
{
    static void Keep(Deferred<string> d) { }
    void M(Deferred<int> d)
    {
        Keep(d.AddCallback(x => x.ToString()));
        d.AddCallback(x => Console.WriteLine(x));
    }
}");

    private static Task Verify(string source, string expected) => CodeFixHarness.VerifyAsync(
        new RetiredHandleAnalyzer(), new RetiredHandleCodeFixProvider(), "TRS2003", Usings + source, Usings + expected);
}
