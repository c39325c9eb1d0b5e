using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Protocols;

/// <summary>ReconnectingClientFactory with a real connector on every reactor over loopback.</summary>
public sealed class ReconnectingRealReactorTests
{
    private sealed class Greeter : Protocol
    {
        public override void ConnectionMade()
        {
            ((ReconnectingClientFactory)Factory!).ResetDelay();
            Transport.Write("hi"u8);
        }
    }

    private sealed class Counting : ReconnectingClientFactory
    {
        public List<string> Events { get; } = new();

        public Action? OnFailed { get; set; }

        public override void StartedConnecting(IConnector connector) => Events.Add("connecting");

        public override void ClientConnectionFailed(IConnector connector, Failure reason)
        {
            Events.Add("failed:" + reason.Type.Name);
            base.ClientConnectionFailed(connector, reason);
            OnFailed?.Invoke();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Refused_attempts_are_retried_until_a_server_appears_and_the_delay_is_reset_on_connection(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int port = FreePort();
        var received = new List<string>();
        IListeningPort? listening = null;
        var factory = new Counting { Clock = reactor, InitialDelay = 0.02, Delay = 0.02, Factor = 1.5, Jitter = 0, Protocol = () => new Greeter() };
        factory.OnFailed = () =>
        {
            if (factory.Retries == 2 && listening is null)
            {
                // The server appears after the second refusal; the next retry connects.
                listening = reactor.ListenTcp(port, Factory.ForProtocol(() => new Collector(received, () =>
                {
                    factory.StopTrying();
                    listening!.StopListening().AddCallback(_ => reactor.Stop());
                })), interfaceAddress: "127.0.0.1");
            }
        };
        reactor.CallWhenRunning(() => reactor.ConnectTcp("127.0.0.1", port, factory));
        ReactorKinds.RunBounded(reactor);

        Assert.Equal(new[] { "hi" }, received);
        Assert.Equal(
            new[] { "connecting", "failed:ConnectionRefusedException", "connecting", "failed:ConnectionRefusedException", "connecting" },
            factory.Events);
        Assert.Equal(0, factory.Retries); // ResetDelay from ConnectionMade
        Assert.Equal(0.02, factory.Delay);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void MaxRetries_gives_up_after_that_many_retries(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int port = FreePort();
        var factory = new Counting { Clock = reactor, InitialDelay = 0.01, Delay = 0.01, Factor = 1, Jitter = 0, MaxRetries = 2, Protocol = () => new Greeter() };
        factory.OnFailed = () =>
        {
            if (factory.Retries > 2)
            {
                reactor.CallLater(TimeSpan.FromMilliseconds(100), reactor.Stop);
            }
        };
        reactor.CallWhenRunning(() => reactor.ConnectTcp("127.0.0.1", port, factory));
        ReactorKinds.RunBounded(reactor);

        Assert.Equal(3, factory.Events.FindAll(e => e == "connecting").Count);
        Assert.Equal(3, factory.Retries);
        Assert.False(factory.PendingRetry is { Active: true });
    }

    private sealed class Collector(List<string> received, Action done) : Protocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            received.Add(System.Text.Encoding.ASCII.GetString(data));
            Transport.LoseConnection();
            done();
        }
    }
}
