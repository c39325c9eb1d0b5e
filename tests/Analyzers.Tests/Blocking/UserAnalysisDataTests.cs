using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>TorsionBlocking.txt (an AdditionalFiles item) adds and removes blocking members and declares reactor and thread APIs.</summary>
public class UserAnalysisDataTests
{
    private const string Usings = "using System; using System.IO; using System.Threading; using Torsion;\n";

    private const string Library = @"
namespace Acme
{
    public static class Store { public static string Load(string key) => key; public static string Load(int key) => """"; public static string Peek(string key) => key; }
    public class Bus { public void Subscribe(Action handler) { } }
    public class Pool { public void Queue(Action work) { } }
}";

    [Fact]
    public Task AddedMembersAreReportedEveryOverloadWhenNoParameterListIsGiven() => Verify(Library + @"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { [|Acme.Store.Load(""a"")|]; [|Acme.Store.Load(1)|]; Acme.Store.Peek(""a""); return x; }); }
}", "M:Acme.Store.Load   ; every overload");

    [Fact]
    public Task AnExactIdAddsOneOverload() => Verify(Library + @"
class C
{
    void M(Deferred<int> d) { d.AddCallback(x => { [|Acme.Store.Load(""a"")|]; Acme.Store.Load(1); return x; }); }
}", "blocking M:Acme.Store.Load(System.String)");

    [Fact]
    public Task NonBlockingRemovesATableMember() => Verify(@"
class C
{
    void M(Deferred<int> d, Stream s) { d.AddCallback(x => { s.Flush(); [|s.WriteByte(1)|]; return x; }); }
}", "# our streams are in memory\nnonblocking M:System.IO.Stream.Flush");

    [Fact]
    public Task ReactorAndThreadDeclareApis() => Verify(Library + @"
class C
{
    void M(Acme.Bus bus, Acme.Pool pool, Deferred<int> d)
    {
        bus.Subscribe(() => [|Thread.Sleep(1)|]);
        d.AddCallback(x => { pool.Queue(() => Thread.Sleep(1)); return x; });
    }
}", "reactor M:Acme.Bus.Subscribe(System.Action)\nthread M:Acme.Pool.Queue");

    [Fact]
    public Task AFileWithAnotherNameIsIgnored() => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + Library + @"
class C { void M(Deferred<int> d) { d.AddCallback(x => { Acme.Store.Load(""a""); return x; }); } }",
        ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/p/BannedSymbols.txt", "M:Acme.Store.Load")));

    private static Task Verify(string source, string file)
        => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source,
            ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/project/TorsionBlocking.txt", file)));
}
