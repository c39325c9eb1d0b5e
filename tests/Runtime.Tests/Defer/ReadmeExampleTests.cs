using System;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer;

/// <summary>The examples README.md shows, run as written, so the README stays true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TypedChainWithATypeChangeGivesTheDocumentedResult()
    {
        var d = new Deferred<int>();
        d.AddCallback(n => n + 1)
         .AddCallback(n => n * 2);
        Deferred<string> text = d.AddCallback(n => $"got {n}");
        text.AddErrback(failure => $"failed: {failure.Value.Message}");
        d.Callback(100);
        Assert.Equal("got 202", text.Result);
    }

    [Fact]
    public void TrapRecoversFromTheExpectedFailure()
    {
        Deferred<int> parsed = Deferred.Execute(() => int.Parse("not a number"))
            .AddErrback(failure => { failure.Trap<FormatException>(); return -1; });
        Assert.Equal(-1, parsed.Result);
    }

    [Fact]
    public void AnErrbackReturningItsFailurePassesItOnAndKeepsTheType()
    {
        var seen = new System.Collections.Generic.List<string>();
        Deferred<int> logged = Deferred.Fail<int>(new TimeoutException("slow"))
            .AddErrback(failure => { seen.Add(failure.Value.Message); return failure; })
            .AddErrback(failure => 0);
        Assert.Equal(new[] { "slow" }, seen);
        Assert.Equal(0, logged.Result);
    }

    [Fact]
    public void ReturnedDeferredPausesTheChain()
    {
        var page = new Deferred<string>();
        Deferred<int> length = Deferred.Succeed("http://example")
            .AddCallback(url => page)
            .AddCallback(body => body.Length);
        Assert.False(length.HasResult);
        page.Callback("<html/>");
        Assert.Equal(7, length.Result);
    }

    [Fact]
    public async Task AsyncDeferredMethodBridgesToATask()
    {
        async Deferred<int> Total(Deferred<int> a, Deferred<int> b) => await a + await b;
        Task<int> asTask = Total(Deferred.Succeed(1), Deferred.Succeed(2)).AsTask();
        Assert.Equal(3, await asTask);
    }
}
