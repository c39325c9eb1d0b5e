using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.InlineCallbacks;

namespace Torsion.Analyzers.Tests.InlineCallbacks;

public class IteratorCallAnalyzerTests
{
    /// <summary>
    /// An [InlineCallbacks] method and, standing in for the generator's output, its generated
    /// method (written with InlineCallbacks.Run, which is itself a deliberate use).
    /// </summary>
    private const string Prelude = @"using System; using System.Collections.Generic; using System.Linq; using Torsion;
partial class Downloader
{
    [InlineCallbacks]
    public IEnumerable<Deferred> Fetch(string url) { yield return Deferred.Succeed(url.Length); }
    public Deferred FetchAsync(string url) => InlineCallbacks.Run(Fetch(url));

    [InlineCallbacks(MethodName = ""Go"")]
    public static IEnumerable<Deferred> Start() { yield break; }

    public IEnumerable<Deferred> NotAnInlineCallbacksMethod() { yield break; }
}
";

    [Fact]
    public Task AnInlineCallbacksLocalFunctionIsNotFlagged() => Verify(@"
class C
{
    void M()
    {
        [InlineCallbacks] // TRS104 from the generator: no LocalAsync is written, so none can be suggested
        IEnumerable<Deferred> Local() { yield break; }
        Local();
    }
}");

    [Fact]
    public Task ADiscardedCallIsFlagged() => Verify(@"
class C { void M(Downloader d) { [|d.Fetch(""x"")|]; _ = [|d.Fetch(""y"")|]; [|Downloader.Start()|]; } }");

    [Fact]
    public Task ACallInALambdaThatDiscardsItIsFlagged() => Verify(@"
class C { void M(Downloader d, IReactorTime clock) { clock.CallLater(TimeSpan.Zero, () => [|d.Fetch(""x"")|]); } }");

    [Fact]
    public Task AnIteratorReturnedFromADeferredCallbackIsFlagged() => Verify(@"
class C
{
    void M(Downloader d, Deferred<string> page, Deferred untyped)
    {
        page.AddCallback(url => [|d.Fetch(url)|]);
        page.AddCallback(url => { return [|d.Fetch(url)|]; });
        untyped.AddCallback(url => [|d.Fetch((string)url!)|]);
    }
}");

    [Fact]
    public Task AnIteratorConvertedToObjectIsFlagged() => Verify(@"
class C { void M(Downloader d, Deferred<object> result) { result.Callback([|d.Fetch(""x"")|]); Console.WriteLine([|d.Fetch(""y"")|]); object o = [|d.Fetch(""z"")|]; } }");

    [Fact]
    public Task AnIteratorKeptInALocalThatIsNeverRunIsFlagged() => Verify(@"
class C { void M(Downloader d) { var pending = [|d.Fetch(""x"")|]; Console.WriteLine(pending); } }");

    [Fact]
    public Task AnIteratorWhoseMethodNameIsUnusableIsNotFlagged() => Verify(@"
partial class Odd
{
    [InlineCallbacks(MethodName = ""class"")] // TRS110 from the generator: no method is written
    public static IEnumerable<Deferred> Keyword() { yield break; }
}
class C { void M() { Odd.Keyword(); } }");

    [Fact]
    public Task PassingTheIteratorToRunIsNotFlagged() => Verify(@"
class C
{
    Deferred M(Downloader d) => InlineCallbacks.Run(d.Fetch(""x""));
    Deferred<int> N(Downloader d) => InlineCallbacks.Run<int>(d.Fetch(""x""));
    Deferred L(Downloader d) { var body = d.Fetch(""x""); IEnumerable<Deferred> alias = body; return InlineCallbacks.Run(alias); }
}");

    [Fact]
    public Task EnumeratingTheIteratorDeliberatelyIsNotFlagged() => Verify(@"
class C
{
    void M(Downloader d)
    {
        foreach (Deferred step in d.Fetch(""x"")) { }
        using IEnumerator<Deferred> e = d.Fetch(""y"").GetEnumerator();
        var later = d.Fetch(""z"");
        Action run = () => { foreach (var s in later) { } };
        run();
        int n = d.Fetch(""w"").Count();
    }
}");

    [Fact]
    public Task HandingTheIteratorOnAsASequenceIsNotFlagged() => Verify(@"
class C
{
    private IEnumerable<Deferred>? _pending;
    IEnumerable<Deferred> Wrap(Downloader d) => d.Fetch(""x"");
    void Keep(Downloader d) { _pending = d.Fetch(""x""); Drive(d.Fetch(""y"")); var all = new[] { d.Fetch(""z"") }; Drive(all[0]); }
    void Factory(Downloader d) { Func<IEnumerable<Deferred>> make = () => d.Fetch(""x""); Drive(make()); }
    static void Drive(IEnumerable<Deferred> body) => InlineCallbacks.Run(body);
}");

    [Fact]
    public Task CallingTheGeneratedMethodOrAPlainIteratorIsNotFlagged() => Verify(@"
class C { void M(Downloader d) { d.FetchAsync(""x""); d.NotAnInlineCallbacksMethod(); } }");

    [Fact]
    public async Task MessageNamesTheIteratorAndTheGeneratedMethod()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new IteratorCallAnalyzer(), Prelude + @"
class C { void M() { Downloader.Start(); } }");
        Microsoft.CodeAnalysis.Diagnostic diagnostic = diagnostics.Single();
        Assert.Equal("TRS2002", diagnostic.Id);
        Assert.Contains("'Start'", diagnostic.GetMessage());
        Assert.Contains("'Go'", diagnostic.GetMessage());
        Assert.EndsWith("docs/diagnostics/TRS2002.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal("Go", diagnostic.Properties["GeneratedName"]);
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new IteratorCallAnalyzer(), "TRS2002", Prelude + source);
}
