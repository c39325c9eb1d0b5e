using System;
using System.Collections.Generic;
using System.Text;
using Torsion.Endpoints;
using Torsion.Protocols;
using Torsion.Testing;
using Torsion.Tests.Tasks;

namespace Torsion.Tests.Protocols;

/// <summary>
/// A client is a few lines of <c>async Deferred</c> or <c>[InlineCallbacks]</c>: connect through an
/// endpoint or a ClientCreator, ask, await the answer (driven here by a MemoryReactor).
/// </summary>
public sealed partial class FewLineClientTests
{
    /// <summary>Sends a question line and hands the next line back through a Deferred.</summary>
    private sealed class AskingClient : LineReceiver
    {
        private Deferred<string>? _answer;

        public Deferred<string> Ask(string question)
        {
            _answer = new Deferred<string>();
            SendLine(question);
            return _answer;
        }

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Deferred<string>? answer = _answer;
            _answer = null;
            answer?.Callback(Encoding.UTF8.GetString(line));
        }
    }

    private static async Deferred<string> AskAsync(IReactorTcp reactor)
    {
        AskingClient client = await EndpointStrings.ClientFromString(reactor, "tcp:127.0.0.1:8000").Connect(() => new AskingClient());
        string answer = await client.Ask("ping");
        client.Transport.LoseConnection();
        return answer;
    }

    [InlineCallbacks]
    private static IEnumerable<Deferred> AskInline(IReactorTcp reactor, List<string> answers)
    {
        var connecting = new ClientCreator<AskingClient>(reactor, () => new AskingClient()).ConnectTcp("127.0.0.1", 8000);
        yield return connecting;
        var answer = connecting.Result.Ask("ping");
        yield return answer;
        answers.Add(answer.Result);
    }

    [Fact]
    public void An_async_Deferred_client_connects_asks_and_gets_the_answer()
    {
        var reactor = new MemoryReactor();
        Deferred<string> asking = AskAsync(reactor);
        MemoryConnector connector = Assert.Single(reactor.TcpClients).Connector;
        DeferredResults.NoResult(asking);
        connector.Succeed();
        Assert.Equal("ping\r\n", connector.Transport!.ValueAsString());
        connector.Protocol!.DataReceived("pong\r\n"u8);
        Assert.Equal("pong", DeferredResults.SuccessOf(asking));
        Assert.True(connector.Transport.Disconnecting);
    }

    [Fact]
    public void An_InlineCallbacks_client_connects_asks_and_gets_the_answer()
    {
        var reactor = new MemoryReactor();
        var answers = new List<string>();
        Deferred done = AskInlineAsync(reactor, answers);
        MemoryConnector connector = Assert.Single(reactor.TcpClients).Connector;
        connector.Succeed();
        Assert.Equal("ping\r\n", connector.Transport!.ValueAsString());
        connector.Protocol!.DataReceived("pong\r\n"u8);
        DeferredResults.SuccessOf(done);
        Assert.Equal(new[] { "pong" }, answers);
    }

    [Fact]
    public void A_refused_connection_fails_the_async_client()
    {
        var reactor = new MemoryReactor();
        Deferred<string> asking = AskAsync(reactor);
        reactor.TcpClients[0].Connector.Fail(new ConnectionRefusedException());
        DeferredResults.FailureOf<ConnectionRefusedException>(asking);
    }
}
