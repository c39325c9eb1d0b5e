using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;
using Torsion.Analyzers.CodeFixes;

namespace Torsion.Analyzers.Tests.CodeFixes;

public class BlockingCallCodeFixTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.IO; using System.Net; using System.Net.Http; "
        + "using System.Net.Sockets; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task TaskWaitBecomesAwait() => Verify(@"
class C
{
    async Deferred M(Task t)
    {
        await Deferred.Succeed(1);
        t.Wait();
    }
}", @"
class C
{
    async Deferred M(Task t)
    {
        await Deferred.Succeed(1);
        await t;
    }
}");

    [Fact]
    public Task ResultAndGetResultBecomeAwait() => Verify(@"
class C
{
    async Deferred<int> M(Task<int> a, Task b, ValueTask<int> v, Task<int> c, Task<int> d)
    {
        await Deferred.Succeed(1);
        int x = a.Result;
        b.GetAwaiter().GetResult();
        int z = d.GetAwaiter().GetResult().CompareTo(x) + v.Result;
        int y = c.ConfigureAwait(false).GetAwaiter().GetResult();
        return z + y;
    }
}", @"
class C
{
    async Deferred<int> M(Task<int> a, Task b, ValueTask<int> v, Task<int> c, Task<int> d)
    {
        await Deferred.Succeed(1);
        int x = await a;
        await b;
        int z = (await d).CompareTo(x) + await v;
        int y = await c.ConfigureAwait(false);
        return z + y;
    }
}");

    [Fact]
    public Task CallsWithAnAsyncCounterpartBecomeTheAwaitedCounterpart() => Verify(@"
class C
{
    async Deferred<int> M(Stream stream, string path, Process process, SemaphoreSlim gate)
    {
        await Deferred.Succeed(1);
        var buffer = new byte[16];
        int n = stream.Read(buffer, 0, buffer.Length);
        stream.Write(buffer, 0, n);
        stream.Flush();
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text);
        process.WaitForExit();
        gate.Wait();
        if (!gate.Wait(10)) { return 0; }
        return n + text.Length;
    }
}", @"
class C
{
    async Deferred<int> M(Stream stream, string path, Process process, SemaphoreSlim gate)
    {
        await Deferred.Succeed(1);
        var buffer = new byte[16];
        int n = await stream.ReadAsync(buffer, 0, buffer.Length);
        await stream.WriteAsync(buffer, 0, n);
        await stream.FlushAsync();
        string text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text);
        await process.WaitForExitAsync();
        await gate.WaitAsync();
        if (!await gate.WaitAsync(10)) { return 0; }
        return n + text.Length;
    }
}");

    [Fact]
    public Task NetworkAndDerivedStreamCallsBecomeTheAwaitedCounterpart() => Verify(@"
class C
{
    async Deferred<int> M(FileStream file, StreamReader reader, Socket socket, EndPoint endPoint, HttpClient http)
    {
        await Deferred.Succeed(1);
        var buffer = new byte[16];
        int n = file.Read(buffer, 0, 16);
        string text = reader.ReadToEnd();
        socket.Connect(endPoint);
        IPAddress[] addresses = Dns.GetHostAddresses(""localhost"");
        using HttpResponseMessage response = http.Send(new HttpRequestMessage(HttpMethod.Get, ""http://localhost/""));
        return n + text.Length + addresses.Length;
    }
}", @"
class C
{
    async Deferred<int> M(FileStream file, StreamReader reader, Socket socket, EndPoint endPoint, HttpClient http)
    {
        await Deferred.Succeed(1);
        var buffer = new byte[16];
        int n = await file.ReadAsync(buffer, 0, 16);
        string text = await reader.ReadToEndAsync();
        await socket.ConnectAsync(endPoint);
        IPAddress[] addresses = await Dns.GetHostAddressesAsync(""localhost"");
        using HttpResponseMessage response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, ""http://localhost/""));
        return n + text.Length + addresses.Length;
    }
}");

    [Fact]
    public Task AnAsyncDeferredLambdaIsFixed() => Verify(@"
class C { Func<int, Deferred<int>> M(Task<int> t) => async n => n + t.Result; }", @"
class C { Func<int, Deferred<int>> M(Task<int> t) => async n => n + await t; }");

    [Fact]
    public Task OnlyTheFixableCallsOfAMethodAreChanged() => Verify(@"
class C
{
    async Deferred M(Task t, Stream stream)
    {
        await Deferred.Succeed(1);
        Thread.Sleep(1);
        t.Wait();
        stream.ReadExactly(new byte[4].AsSpan());
    }
}", @"
class C
{
    async Deferred M(Task t, Stream stream)
    {
        await Deferred.Succeed(1);
        await Task.Delay(1);
        await t;
        stream.ReadExactly(new byte[4].AsSpan());
    }
}");

    [Fact]
    public Task ThreadSleepBecomesAwaitTaskDelayWithTheSameArgument() => Verify(@"
class C
{
    async Deferred<int> M(TimeSpan pause)
    {
        await Deferred.Succeed(1);
        Thread.Sleep(100);
        Thread.Sleep(pause);
        System.Threading.Thread.Sleep(millisecondsTimeout: 5);
        return 1;
    }
}", @"
class C
{
    async Deferred<int> M(TimeSpan pause)
    {
        await Deferred.Succeed(1);
        await Task.Delay(100);
        await Task.Delay(pause);
        await Task.Delay(5);
        return 1;
    }
}");

    [Fact]
    public Task NoFixOutsideAsyncCode() => VerifyNoFix(@"
class C { void M(Deferred<int> d, Task<int> t, Stream s) { d.AddCallback(x => { s.Flush(); t.Wait(); return x + t.Result; }); } }");

    [Fact]
    public Task InAnInlineCallbacksBodyThreadSleepYieldsADelayOnTheClockInScope() => Verify(@"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(IReactorTime clock, TimeSpan pause)
    {
        Thread.Sleep(250);
        Thread.Sleep(pause);
        yield break;
    }
}", @"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(IReactorTime clock, TimeSpan pause)
    {
        yield return clock.DeferLater(TimeSpan.FromMilliseconds(250));
        yield return clock.DeferLater(pause);
        yield break;
    }
}");

    [Fact]
    public Task InAnInlineCallbacksBodyWithoutAClockThreadSleepUsesTheInstalledReactor() => Verify(@"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M()
    {
        Thread.Sleep(10);
        yield break;
    }
}", @"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M()
    {
        yield return Reactor.Instance.DeferLater(TimeSpan.FromMilliseconds(10));
        yield break;
    }
}");

    [Fact]
    public Task InAnInlineCallbacksBodyTaskWaitAndResultYieldTheTaskAsADeferred() => Verify(@"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(Task t, Task<int> n)
    {
        t.Wait();
        int x = n.Result + 1;
        yield return InlineCallbacks.Return(x);
    }
}", @"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(Task t, Task<int> n)
    {
        yield return Deferred.FromTask(t);
        yield return Deferred.FromTask(n);
        int x = n.Result + 1;
        yield return InlineCallbacks.Return(x);
    }
}");

    [Fact]
    public Task InAnInlineCallbacksBodyAFileCallRunsOnTheThreadPool() => Verify(@"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(IReactor reactor, string path)
    {
        string text = File.ReadAllText(path);
        File.WriteAllText(path + "".bak"", text);
        yield return InlineCallbacks.Return(text.Length);
    }
}", @"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(IReactor reactor, string path)
    {
        var textRead = reactor.DeferToThread(() => File.ReadAllText(path));
        yield return textRead;
        string text = textRead.Result;
        yield return reactor.DeferToThread(() => File.WriteAllText(path + "".bak"", text));
        yield return InlineCallbacks.Return(text.Length);
    }
}");

    [Fact]
    public Task NoFixInAnInlineCallbacksBodyWhereTheYieldWouldNotCompile() => VerifyNoFix(@"
partial class C
{
    [InlineCallbacks]
    System.Collections.Generic.IEnumerable<Deferred> M(Task t, Task<int> n)
    {
        try { t.Wait(); } catch (Exception) { }
        int x = Get().Result;
        yield break;
    }
    Task<int> Get() => Task.FromResult(1);
}");

    [Fact]
    public Task NoFixWithoutAnAsyncCounterpart() => VerifyNoFix(@"
class C
{
    async Deferred M(Task t, Stream s, ManualResetEventSlim done)
    {
        await Deferred.Succeed(1);
        Console.ReadLine();
        bool finished = t.Wait(10);
        s.Read(new byte[4].AsSpan());
        done.Wait();
    }
}");

    [Fact]
    public Task NoFixInsideLock() => VerifyNoFix(@"
class C
{
    private readonly object _gate = new();
    async Deferred M(Task t) { await Deferred.Succeed(1); lock (_gate) { t.Wait(); } }
}");

    [Fact]
    public Task NoFixInANonAsyncLambdaInsideAnAsyncMethod() => VerifyNoFix(@"
class C { async Deferred M(Deferred<int> d, Task t) { await Deferred.Succeed(1); d.AddCallback(x => { t.Wait(); return x; }); } }");

    private static Task Verify(string before, string after) => CodeFixHarness.VerifyAsync(
        new BlockingCallAnalyzer(), new BlockingCallCodeFixProvider(), "TRS2001", Usings + before, Usings + after);

    private static Task VerifyNoFix(string source) => CodeFixHarness.VerifyNoFixAsync(
        new BlockingCallAnalyzer(), new BlockingCallCodeFixProvider(), "TRS2001", Usings + source);
}
