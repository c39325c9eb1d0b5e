using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>TRS2001 finds reactor code by following values: every way a function reaches the reactor thread.</summary>
public class ReactorContextTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    [Fact]
    public Task AMethodGroupGivenToAddCallbackIsReactorCode() => Verify(@"
class C
{
    void M(Deferred<int> d) { d.AddCallback(OnPage); }
    int OnPage(int x) { [|Thread.Sleep(10)|]; return x; }
}");

    [Fact]
    public Task AMethodGroupGivenToCallWhenRunningIsReactorCode() => Verify(@"
class C
{
    static void Start(IReactor reactor) { reactor.CallWhenRunning(Main); }
    static void Main() { [|File.ReadAllText(""config"")|]; }
}");

    [Fact]
    public Task ALocalFunctionGivenToCallLaterIsReactorCode() => Verify(@"
class C
{
    void M(IReactorTime clock)
    {
        clock.CallLater(TimeSpan.FromSeconds(1), Tick);
        void Tick() { [|Thread.Sleep(10)|]; }
    }
}");

    [Fact]
    public Task ALambdaStoredInALocalFirstIsReactorCode() => Verify(@"
class C
{
    void M(Deferred<int> d)
    {
        Func<int, int> onResult = x => { [|Thread.Sleep(10)|]; return x; };
        Func<int, int> alias = onResult;
        d.AddCallback(alias);
    }
}");

    [Fact]
    public Task ALambdaNestedInACallbackIsReactorCode() => Verify(@"
class C
{
    void M(Deferred<List<int>> d)
    {
        d.AddCallback(items => { items.ForEach(_ => [|Thread.Sleep(1)|]); return items; });
    }
}");

    [Fact]
    public Task ALocalFunctionInAnInlineCallbacksBodyIsReactorCode() => Verify(@"
partial class C
{
    [InlineCallbacks]
    IEnumerable<Deferred> Fetch(string path)
    {
        yield return Deferred.Succeed(1);
        string Read() => [|File.ReadAllText(path)|];
        Read();
    }
}");

    [Fact]
    public Task ALocalFunctionInAnAsyncDeferredMethodIsReactorCode() => Verify(@"
class C
{
    async Deferred<int> M(Task<int> t)
    {
        await Deferred.Succeed(1);
        int Get() => [|t.Result|];
        return Get();
    }
}");

    [Fact]
    public Task LoopingCallsAreReactorCode() => Verify(@"
class C
{
    void M(IReactorTime clock)
    {
        var poll = new LoopingCall(clock, () => [|Thread.Sleep(5)|]);
        var counted = LoopingCall.WithCount(clock, n => [|Thread.Sleep(n)|]);
        var plain = new LoopingCall(Poll);
    }
    void Poll() { [|Console.ReadLine()|]; }
}");

    [Fact]
    public Task DeferLaterCallablesCancellersAndTimeoutCallbacksAreReactorCode() => Verify(@"
class C
{
    void M(IReactorTime clock, Deferred<int> d)
    {
        clock.DeferLater(TimeSpan.FromSeconds(1), () => [|Thread.Sleep(1)|]);
        var cancellable = new Deferred<int>(canceller: self => [|Thread.Sleep(1)|]);
        var untyped = new Deferred(self => [|Thread.Sleep(1)|]);
        d.AddTimeout(TimeSpan.FromSeconds(1), clock, (value, timeout) => { [|Thread.Sleep(1)|]; return value; });
    }
}");

    [Fact]
    public Task CooperatorIteratorsAreReactorCode() => Verify(@"
class C
{
    void M(IReactorTime clock) { clock.Cooperate(Work()); IEnumerable<object?> more = Other(); clock.CoIterate(more.GetEnumerator()); }
    IEnumerable<object?> Work() { [|Thread.Sleep(1)|]; yield return null; }
    IEnumerable<object?> Other() { [|Thread.Sleep(2)|]; yield return null; }
}");

    [Fact]
    public Task SystemEventTriggersAndConcurrencyPrimitivesAreReactorCode() => Verify(@"
class C
{
    void M(IReactor reactor, DeferredLock gate)
    {
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, ""shutdown"", () => [|Thread.Sleep(1)|]);
        gate.Run(() => [|Thread.Sleep(1)|]);
    }
}");

    [Fact]
    public Task CodeGivenToAThreadIsNotReactorCodeButItsCallFromThreadIs() => Verify(@"
class C
{
    void M(IReactor reactor, Deferred<int> d)
    {
        d.AddCallback(x =>
        {
            reactor.DeferToThread(() => { Thread.Sleep(1); new List<int>().ForEach(_ => Thread.Sleep(1)); reactor.CallFromThread(() => [|Thread.Sleep(1)|]); });
            reactor.CallInThread(Blocking);
            Task.Run(() => Thread.Sleep(1));
            ThreadPool.QueueUserWorkItem(_ => Thread.Sleep(1));
            new Thread(() => Thread.Sleep(1)).Start();
            void Blocking() => Thread.Sleep(1);
            return x;
        });
    }
}");

    [Fact]
    public Task ACallbackBuiltAndFiredInsideADeferToThreadBodyIsNotReactorCode() => Verify(@"
class C
{
    void M(IReactor reactor)
    {
        reactor.DeferToThread(() =>
        {
            var local = new Deferred<int>();
            local.AddCallback(x => { Thread.Sleep(x); return x; });
            local.Callback(1);
        });
    }
}");

    [Fact]
    public Task EveryMethodOfAProtocolTypeIsReactorCode() => Verify(@"
namespace Torsion.Protocols { public abstract class Protocol { public virtual void DataReceived(byte[] data) { } public virtual void ConnectionMade() { } } }
namespace App
{
    using Torsion.Protocols;
    class Echo : Protocol
    {
        public override void DataReceived(byte[] data) { [|Thread.Sleep(1)|]; Handle(data); }
        void Handle(byte[] data) { [|File.WriteAllBytes(""log"", data)|]; }
    }
    class Derived : Echo { void More() { [|Thread.Sleep(2)|]; } }
    class NotAProtocol { public void DataReceived(byte[] data) { Thread.Sleep(1); } }
}");

    [Fact]
    public Task ATypeImplementingAProtocolInterfaceIsReactorCode() => Verify(@"
namespace Torsion.Protocols { public interface IProtocol { void ConnectionLost(Exception reason); } }
namespace App
{
    class Logger : Torsion.Protocols.IProtocol
    {
        public void ConnectionLost(Exception reason) { [|File.AppendAllText(""log"", reason.Message)|]; }
    }
}");

    [Fact]
    public Task RunsOnReactorMarksMethodsTypesAndDelegateParameters() => Verify(@"
class Api { public void Subscribe([RunsOnReactor] Action handler) { } }
class C
{
    [RunsOnReactor] void OnTick() { [|Thread.Sleep(1)|]; }
    void M(Api api) { api.Subscribe(() => [|Thread.Sleep(2)|]); }
    void NotMarked() { Thread.Sleep(3); }
}
[RunsOnReactor] class Handler { void Any() { [|Thread.Sleep(4)|]; } }");

    [Fact]
    public async Task TheMessageNamesWhereTheMethodGroupWasGiven()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new BlockingCallAnalyzer(), Usings + @"
class C { void M(Deferred<int> d) { d.AddCallback(OnPage); } int OnPage(int x) { Thread.Sleep(10); return x; } }");
        string message = diagnostics.Single().GetMessage();
        Assert.Contains("'Thread.Sleep'", message);
        Assert.Contains("method 'OnPage', given to AddCallback", message);
    }

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
