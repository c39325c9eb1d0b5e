using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>Calls of blocking members that cannot block where they are: TRS2001 stays quiet (each case pinned).</summary>
public class PrecisionTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task ZeroTimeoutWaitsAreNotReported() => Verify(@"
class C
{
    void M(Deferred<int> d, SemaphoreSlim gate, ManualResetEvent handle, object monitor, Task t)
    {
        d.AddCallback(x =>
        {
            Thread.Sleep(0);
            Thread.Sleep(TimeSpan.Zero);
            gate.Wait(0);
            handle.WaitOne(0);
            handle.WaitOne(TimeSpan.Zero);
            Monitor.Wait(monitor, 0);
            t.Wait(0);
            [|Thread.Sleep(1)|];
            [|gate.Wait(10)|];
            [|handle.WaitOne(5)|];
            return x;
        });
    }
}");

    [Fact]
    public Task ResultUnderAnIsCompletedCheckIsNotReported() => Verify(@"
class C
{
    void M(Deferred<int> d, Task<int> t)
    {
        d.AddCallback(x =>
        {
            if (t.IsCompleted) { x += t.Result; }
            if (t.IsCompletedSuccessfully && x > 0) { x += t.GetAwaiter().GetResult(); }
            int y = t.IsCompleted ? t.Result : 0;
            if (!t.IsCompleted) { x += [|t.Result|]; }
            return x + y + [|t.Result|];
        });
    }
}");

    [Fact]
    public Task ResultAfterAwaitingTheTasksIsNotReported() => Verify(@"
class C
{
    async Deferred<int> M(Task<int> a, Task<int> b, Task<int> c)
    {
        await Task.WhenAll(a, b);
        int sum = a.Result + b.Result;
        await c;
        c.Wait();
        return sum + c.Result;
    }
    async Deferred<int> N(Task<int> a, Task<int> b, bool flag)
    {
        if (flag) { await a; }
        await Task.WhenAll(a);
        return a.Result + [|b.Result|];
    }
}");

    [Fact]
    public Task ResultOfTaskFromResultIsNotReported() => Verify(@"
class C
{
    void M(Deferred<int> d)
    {
        d.AddCallback(x =>
        {
            var done = Task.FromResult(1);
            return x + Task.FromResult(2).Result + done.Result;
        });
    }
}");

    [Fact]
    public Task ResultAfterYieldingTheTaskInAnInlineCallbacksBodyIsNotReported() => Verify(@"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> Fetch(Task<int> t, Task<int> other)
    {
        yield return Deferred.FromTask(t);
        int n = t.Result + [|other.Result|];
    }
}");

    [Fact]
    public Task CodeAfterConfigureAwaitFalseIsNotReported() => Verify(@"
class C
{
    async Deferred M(Task t, bool flag)
    {
        [|Thread.Sleep(1)|];
        if (flag) { await t.ConfigureAwait(false); }
        [|Thread.Sleep(2)|];
        await t.ConfigureAwait(false);
        Thread.Sleep(3);
        { File.ReadAllText(""x""); }
    }
}");

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
