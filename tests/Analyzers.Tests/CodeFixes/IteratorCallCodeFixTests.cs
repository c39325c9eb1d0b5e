using System.Threading.Tasks;
using Torsion.Analyzers.CodeFixes;
using Torsion.Analyzers.InlineCallbacks;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class IteratorCallCodeFixTests
{
    /// <summary>[InlineCallbacks] methods and, standing in for the generator's output, their generated methods.</summary>
    private const string Prelude = @"using System; using System.Collections.Generic; using Torsion;
partial class Downloader
{
    [InlineCallbacks]
    public IEnumerable<Deferred> Fetch(string url) { yield return InlineCallbacks.Return(url.Length); }
    public Deferred<int> FetchAsync(string url) => InlineCallbacks.Run<int>(Fetch(url));

    [InlineCallbacks(MethodName = ""Go"")]
    public static IEnumerable<Deferred> Start<T>(T value) { yield break; }
    public static Deferred Go<T>(T value) => InlineCallbacks.Run(Start(value));

    [InlineCallbacks]
    public IEnumerable<Deferred> NotGenerated() { yield break; }
}
";

    [Fact]
    public Task ADiscardedCallBecomesACallOfTheGeneratedMethod() => Verify(
        @"class C { void M(Downloader d) { d.Fetch(""x""); _ = d.Fetch(""y""); } }",
        @"class C { void M(Downloader d) { d.FetchAsync(""x""); _ = d.FetchAsync(""y""); } }");

    [Fact]
    public Task AnIteratorReturnedFromACallbackBecomesAChainedDeferred() => Verify(
        @"class C { void M(Downloader d, Deferred<string> page) { page.AddCallback(url => d.Fetch(url)); } }",
        @"class C { void M(Downloader d, Deferred<string> page) { page.AddCallback(url => d.FetchAsync(url)); } }");

    [Fact]
    public Task ACustomMethodNameAndTypeArgumentsAreKept() => Verify(
        @"class C { void M() { Downloader.Start<int>(1); Downloader.Start(""s""); } }",
        @"class C { void M() { Downloader.Go<int>(1); Downloader.Go(""s""); } }");

    [Fact]
    public Task ACallInsideTheTypeUsesTheSimpleName() => Verify(
        @"partial class Downloader { void Refresh() { Fetch(""x""); } }",
        @"partial class Downloader { void Refresh() { FetchAsync(""x""); } }");

    [Fact]
    public Task NoFixWhenTheGeneratedMethodDoesNotExist() => CodeFixHarness.VerifyNoFixAsync(
        new IteratorCallAnalyzer(), new IteratorCallCodeFixProvider(), "TRS2002",
        Prelude + @"class C { void M(Downloader d) { d.NotGenerated(); } }");

    [Fact]
    public Task NoFixWhenTheGeneratedMethodsResultDoesNotFit() => CodeFixHarness.VerifyNoFixAsync(
        new IteratorCallAnalyzer(), new IteratorCallCodeFixProvider(), "TRS2002",
        Prelude + @"class C { void M(Downloader d) { IEnumerable<Deferred> pending; pending = d.Fetch(""x""); Console.WriteLine(pending); } }");

    private static Task Verify(string before, string after) => CodeFixHarness.VerifyAsync(
        new IteratorCallAnalyzer(), new IteratorCallCodeFixProvider(), "TRS2002", Prelude + before, Prelude + after);
}
