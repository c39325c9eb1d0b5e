using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

public class BlockingCallAnalyzerTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.IO; using System.Net; using System.Net.Http; "
        + "using System.Net.Sockets; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

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

    [Fact]
    public Task SynchronousFileCallsAreFlagged() => Verify(@"
class C
{
    async Deferred<int> M(string path)
    {
        await Deferred.Succeed(1);
        string text = [|File.ReadAllText(path)|];
        [|File.WriteAllBytes(path, new byte[1])|];
        [|File.AppendAllText(path, text)|];
        [|File.Copy(path, path + "".bak"")|];
        return text.Length;
    }
}");

    [Fact]
    public Task SynchronousStreamCallsAreFlaggedThroughOverrides() => Verify(@"
class C
{
    void M(Deferred<int> d, FileStream file, Stream stream, NetworkStream net, StreamReader reader)
    {
        d.AddCallback(n =>
        {
            var buffer = new byte[n];
            [|file.Read(buffer, 0, n)|];
            [|stream.Write(buffer, 0, n)|];
            [|stream.CopyTo(file)|];
            [|file.Flush()|];
            [|net.ReadExactly(buffer)|];
            return [|reader.ReadLine()|]!.Length;
        });
    }
}");

    [Fact]
    public Task SynchronousSocketAndNameResolutionCallsAreFlagged() => Verify(@"
class C
{
    void M(Deferred<int> d, Socket socket, TcpClient client, EndPoint endPoint)
    {
        d.AddCallback(n =>
        {
            var buffer = new byte[n];
            [|socket.Connect(endPoint)|];
            [|socket.Send(buffer)|];
            int got = [|socket.Receive(buffer)|];
            using Socket peer = [|socket.Accept()|];
            [|client.Connect(""localhost"", 80)|];
            IPAddress[] addresses = [|Dns.GetHostAddresses(""localhost"")|];
            IPHostEntry entry = [|Dns.GetHostEntry(""localhost"")|];
            return got + addresses.Length + entry.AddressList.Length;
        });
    }
}");

    [Fact]
    public Task HttpClientSendIsFlagged() => Verify(@"
class C
{
    async Deferred<int> M(HttpClient http)
    {
        await Deferred.Succeed(1);
        using HttpResponseMessage response = [|http.Send(new HttpRequestMessage(HttpMethod.Get, ""http://localhost/""))|];
        return (int)response.StatusCode;
    }
}");

    [Fact]
    public Task ConsoleInputIsFlagged() => Verify(@"
class C { void M(IReactorTime clock) { clock.CallLater(TimeSpan.Zero, () => { [|Console.ReadLine()|]; [|Console.ReadKey()|]; [|Console.Read()|]; Console.WriteLine(); }); } }");

    [Fact]
    public Task WaitingPrimitivesAreFlagged() => Verify(@"
class C
{
    void M(Deferred<int> d, ManualResetEvent handle, ManualResetEventSlim slim, SemaphoreSlim semaphore, CountdownEvent countdown, Barrier barrier, object gate)
    {
        d.AddCallback(n =>
        {
            [|handle.WaitOne()|];
            [|WaitHandle.WaitAll(new WaitHandle[] { handle })|];
            [|WaitHandle.WaitAny(new WaitHandle[] { handle })|];
            [|slim.Wait()|];
            [|semaphore.Wait(10)|];
            [|countdown.Wait()|];
            [|barrier.SignalAndWait()|];
            [|Monitor.Wait(gate)|];
            [|SpinWait.SpinUntil(() => true)|];
            return n;
        });
    }
}");

    [Fact]
    public Task ProcessWaitForExitIsFlagged() => Verify(@"
class C { async Deferred M(Process process) { await Deferred.Succeed(1); [|process.WaitForExit()|]; } }");

    [Fact]
    public Task ValueTaskResultAndGetResultAreFlagged() => Verify(@"
class C
{
    async Deferred<int> M(ValueTask<int> a, ValueTask b, Task<int> c)
    {
        await Deferred.Succeed(1);
        [|b.GetAwaiter().GetResult()|];
        int x = [|c.ConfigureAwait(false).GetAwaiter().GetResult()|];
        return [|a.Result|] + x;
    }
}");

    [Fact]
    public Task AsyncCounterpartsAreNotFlagged() => Verify(@"
class C
{
    async Deferred<int> M(string path, Stream stream, Socket socket, HttpClient http, SemaphoreSlim semaphore, Process process, Task<int> task)
    {
        var buffer = new byte[16];
        string text = await File.ReadAllTextAsync(path);
        await File.WriteAllBytesAsync(path, buffer);
        int n = await stream.ReadAsync(buffer, 0, buffer.Length);
        await stream.WriteAsync(buffer, 0, n);
        await stream.FlushAsync();
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 80));
        await socket.ReceiveAsync(buffer, SocketFlags.None);
        await Dns.GetHostAddressesAsync(""localhost"");
        await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, ""http://localhost/""));
        await semaphore.WaitAsync();
        await process.WaitForExitAsync();
        return text.Length + n + await task;
    }
}");

    [Fact]
    public Task InMemoryStreamsAreNotFlagged() => Verify(@"
class C
{
    void M(Deferred<int> d, MemoryStream memory)
    {
        d.AddCallback(n => { var buffer = new byte[n]; memory.Write(buffer, 0, n); memory.Flush(); return memory.Read(buffer, 0, n); });
    }
}");

    [Fact]
    public Task NewBlockingCallsOutsideReactorCodeAreNotFlagged() => Verify(@"
class C
{
    void M(string path, Stream stream, Socket socket, SemaphoreSlim semaphore, Process process)
    {
        File.ReadAllText(path);
        stream.Flush();
        socket.Receive(new byte[1]);
        semaphore.Wait();
        process.WaitForExit();
        Console.ReadLine();
        Task.Run(() => File.ReadAllText(path));
    }
}");

    [Fact]
    public async Task MessageNamesTheMemberOfTheReceiversType()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new BlockingCallAnalyzer(), Usings + @"
class C { async Deferred M(FileStream f) { await Deferred.Succeed(1); f.Flush(); } }");
        Assert.Contains("'FileStream.Flush'", diagnostics.Single().GetMessage());
    }

    [Fact]
    public void EveryTableMemberIsDocumented()
    {
        string page = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", "TRS2001.md"));
        foreach (BlockingMemberGroup group in BlockingMemberTable.Groups)
        {
            Assert.Contains("### " + group.Name, page);
            foreach (BlockingMemberEntry entry in group.Entries)
            {
                string type = entry.TypeMetadataName.Substring(entry.TypeMetadataName.LastIndexOfAny(new[] { '.', '+' }) + 1).Split('`')[0];
                foreach (string name in entry.Names)
                {
                    bool listed = page.Contains(type + "." + name, System.StringComparison.Ordinal)
                        || page.Contains(type + "<T>." + name, System.StringComparison.Ordinal);
                    Assert.True(listed, type + "." + name + " is not on docs/diagnostics/TRS2001.md");
                }
            }
        }
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
