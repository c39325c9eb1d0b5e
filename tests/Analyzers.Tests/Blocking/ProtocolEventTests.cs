using System.Linq;
using System.Threading.Tasks;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>
/// TRS2001 in protocol and factory code written against Torsion's real networking types
/// (Torsion.Runtime's Protocol, LineReceiver, Int32StringReceiver, Factory, ClientFactory, endpoints):
/// the reactor calls every event method, and code given to the networking APIs that take delegates
/// runs on the reactor too.
/// </summary>
public class ProtocolEventTests
{
    private const string Usings = "using System; using System.IO; using System.Net; using System.Threading; using Torsion; using Torsion.Protocols; using Torsion.Endpoints;\n";

    [Fact]
    public Task BlockingCallsInEveryProtocolEventMethodAreReported() => Verify(@"
class Echo : Protocol
{
    public override void ConnectionMade() { [|Thread.Sleep(1)|]; }
    public override void DataReceived(ReadOnlySpan<byte> data) { [|File.WriteAllBytes(""in.bin"", data.ToArray())|]; }
    public override void ConnectionLost(Failure reason) { [|File.AppendAllText(""log"", reason.GetErrorMessage())|]; }
}
class Lines : LineReceiver
{
    protected override void LineReceived(ReadOnlySpan<byte> line) { [|Thread.Sleep(2)|]; }
    protected override void LineLengthExceeded(ReadOnlySpan<byte> line) { [|File.WriteAllText(""long"", ""x"")|]; }
}
class Strings : Int32StringReceiver
{
    protected override void StringReceived(ReadOnlySpan<byte> data) { [|File.ReadAllBytes(""reply"")|]; }
}");

    [Fact]
    public Task BlockingCallsInFactoryEventMethodsAreReported() => Verify(@"
class Server : ServerFactory
{
    public override IProtocol? BuildProtocol(IAddress address) { [|File.ReadAllLines(""banned"")|]; return new Protocol(); }
    public override void StartFactory() { [|Thread.Sleep(3)|]; }
}
class Client : ClientFactory
{
    public override void ClientConnectionFailed(IConnector connector, Failure reason) { [|Thread.Sleep(4)|]; }
    public override void ClientConnectionLost(IConnector connector, Failure reason) { [|Thread.Sleep(5)|]; }
}
class Reconnecting : ReconnectingClientFactory
{
    public override void ClientConnectionFailed(IConnector connector, Failure reason) { [|Thread.Sleep(6)|]; base.ClientConnectionFailed(connector, reason); }
}");

    [Fact]
    public Task HelpersTheEventMethodsCallAreReported() => Verify(@"
class Lines : LineReceiver
{
    protected override void LineReceived(ReadOnlySpan<byte> line) { Remember(line.ToArray()); [|Storage.Save(line.ToArray())|]; }
    void Remember(byte[] line) { [|File.AppendAllText(""seen"", line.Length.ToString())|]; }
}
static class Storage
{
    public static void Save(byte[] data) => Write(data);
    static void Write(byte[] data) => File.WriteAllBytes(""store"", data);
}");

    [Fact]
    public async Task AHelpersMessageShowsTheChainFromTheEventMethod()
    {
        var diagnostics = await AnalyzerHarness.RunAsync(new BlockingCallAnalyzer(), Usings + @"
class Strings : Int32StringReceiver
{
    protected override void StringReceived(ReadOnlySpan<byte> data) => Storage.Save(data.ToArray());
}
static class Storage
{
    public static void Save(byte[] data) => Write(data);
    static void Write(byte[] data) => File.WriteAllBytes(""store"", data);
}");
        string message = diagnostics.Single().GetMessage();
        Assert.Contains("Save", message);
        Assert.Contains("Write", message);
        Assert.Contains("File.WriteAllBytes", message);
        Assert.Contains("Strings", message);
    }

    [Fact]
    public Task CodeGivenToTheNetworkingApisThatTakeDelegatesIsReactorCode() => Verify(@"
class C
{
    static Protocol Make() { [|Thread.Sleep(7)|]; return new Protocol(); }
    void M(IReactor reactor, IStreamClientEndpoint endpoint, Protocol protocol)
    {
        Factory.ForProtocol(() => { [|Thread.Sleep(8)|]; return new Protocol(); });
        ClientFactory.ForProtocol(Make);
        new ClientCreator<Protocol>(reactor, () => { [|File.ReadAllText(""cfg"")|]; return new Protocol(); });
        endpoint.Connect(() => { [|Thread.Sleep(9)|]; return new Protocol(); });
        new IdleTimeout(reactor, () => [|File.AppendAllText(""idle"", ""x"")|]);
        var factory = new ReconnectingClientFactory { Protocol = () => { [|Thread.Sleep(10)|]; return new Protocol(); } };
        factory.Protocol = () => { [|Thread.Sleep(11)|]; return new Protocol(); };
    }
}");

    [Fact]
    public Task LookAlikesOutsideReactorCodeAreNotReported() => Verify(@"
class NotAProtocol { public void DataReceived(ReadOnlySpan<byte> data) { Thread.Sleep(1); } public void LineReceived(string line) { Thread.Sleep(1); } }
class Lines : LineReceiver
{
    readonly IReactor _reactor;
    public Lines(IReactor reactor) => _reactor = reactor;
    protected override void LineReceived(ReadOnlySpan<byte> line)
    {
        byte[] copy = line.ToArray();
        _reactor.DeferToThread(() => File.WriteAllBytes(""store"", copy));
        Thread.Sleep(0);
    }
}
class Settings { public Func<int>? Protocol { get; set; } void M() { Protocol = () => { Thread.Sleep(1); return 1; }; } }");

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(new BlockingCallAnalyzer(), "TRS2001", Usings + source);
}
