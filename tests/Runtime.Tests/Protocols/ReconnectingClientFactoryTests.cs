using System;
using System.Linq;
using Torsion.Testing;

namespace Torsion.Tests.Protocols;

/// <summary>ReconnectingClientFactory's backoff is Twisted's (protocol.py), driven by a MemoryReactor's clock.</summary>
public sealed class ReconnectingClientFactoryTests
{
    private static (ReconnectingClientFactory Factory, MemoryReactor Reactor, MemoryConnector Connector) Start(double jitter = 0)
    {
        var reactor = new MemoryReactor();
        var factory = new ReconnectingClientFactory { Clock = reactor, Jitter = jitter, Protocol = () => new Protocol() };
        reactor.ConnectTcp("127.0.0.1", 80, factory);
        return (factory, reactor, reactor.TcpClients[0].Connector);
    }

    [Fact]
    public void Defaults_are_Twisteds()
    {
        var factory = new ReconnectingClientFactory();
        Assert.Equal(3600, factory.MaxDelay);
        Assert.Equal(1.0, factory.InitialDelay);
        Assert.Equal(1.0, factory.Delay);
        Assert.Equal(Math.E, factory.Factor);
        Assert.Equal(0.119626565582, factory.Jitter);
        Assert.Null(factory.MaxRetries);
        Assert.True(factory.ContinueTrying);
    }

    [Fact]
    public void Each_failure_multiplies_the_delay_by_e_until_MaxDelay()
    {
        var (factory, reactor, connector) = Start();
        factory.MaxDelay = 100;
        double expected = 1.0;
        for (int attempt = 1; attempt <= 7; attempt++)
        {
            connector.Fail(new ConnectionRefusedException());
            expected = Math.Min(expected * Math.E, 100);
            Assert.Equal(expected, factory.Delay, 9);
            Assert.Equal(attempt, factory.Retries);
            reactor.Advance(expected - 0.001);
            Assert.Equal(attempt, connector.Attempts);
            reactor.Advance(0.001);
            Assert.Equal(attempt + 1, connector.Attempts);
        }

        Assert.Equal(100, factory.Delay);
    }

    [Fact]
    public void A_lost_connection_is_retried_too()
    {
        var (factory, reactor, connector) = Start();
        connector.Succeed();
        connector.Lose(new ConnectionLostException());
        Assert.Equal(1, factory.Retries);
        reactor.Advance(Math.E);
        Assert.Equal(MemoryConnectorState.Connecting, connector.State);
        Assert.Same(connector, factory.Connector);
    }

    [Fact]
    public void MaxRetries_stops_retrying_after_that_many_retries()
    {
        var (factory, reactor, connector) = Start();
        factory.MaxRetries = 2;
        connector.Fail(new ConnectionRefusedException());
        reactor.Advance(10);
        connector.Fail(new ConnectionRefusedException());
        reactor.Advance(10);
        Assert.Equal(3, connector.Attempts);
        connector.Fail(new ConnectionRefusedException());
        Assert.Empty(reactor.GetDelayedCalls());
        Assert.Equal(3, factory.Retries);
    }

    [Fact]
    public void StopTrying_cancels_the_pending_retry()
    {
        var (factory, reactor, connector) = Start();
        connector.Fail(new ConnectionRefusedException());
        Assert.Single(reactor.GetDelayedCalls());
        factory.StopTrying();
        Assert.False(factory.ContinueTrying);
        Assert.Empty(reactor.GetDelayedCalls());
        reactor.Advance(100);
        Assert.Equal(1, connector.Attempts);
    }

    [Fact]
    public void StopTrying_while_connecting_stops_the_attempt_without_a_retry()
    {
        var (factory, reactor, connector) = Start();
        connector.Fail(new ConnectionRefusedException());
        reactor.Advance(Math.E);
        Assert.Equal(MemoryConnectorState.Connecting, connector.State);
        factory.StopTrying();
        Assert.True(connector.StoppedConnecting);
        Assert.Empty(reactor.GetDelayedCalls());
    }

    [Fact]
    public void ResetDelay_starts_over()
    {
        var (factory, _, connector) = Start();
        connector.Fail(new ConnectionRefusedException());
        factory.StopTrying();
        factory.ResetDelay();
        Assert.Equal(1.0, factory.Delay);
        Assert.Equal(0, factory.Retries);
        Assert.True(factory.ContinueTrying);
    }

    [Fact]
    public void Retry_without_a_connector_throws_Twisteds_error()
    {
        var factory = new ReconnectingClientFactory { Clock = new Clock() };
        var error = Assert.Throws<InvalidOperationException>(() => factory.Retry());
        Assert.Equal("no connector to retry", error.Message);
    }

    [Fact]
    public void Jitter_spreads_the_delay_normally_around_the_backoff()
    {
        const int samples = 20_000;
        var random = new Random(1234);
        var delays = new double[samples];
        var clock = new Clock();
        var connector = new MemoryReactor().ConnectTcp("h", 1, new ClientFactory());
        for (int i = 0; i < samples; i++)
        {
            var factory = new ReconnectingClientFactory { Clock = clock, Random = random };
            factory.Retry(connector);
            delays[i] = factory.Delay;
            factory.StopTrying();
        }

        double mean = delays.Average();
        double deviation = Math.Sqrt(delays.Select(d => (d - mean) * (d - mean)).Average());
        Assert.InRange(mean, Math.E * 0.99, Math.E * 1.01);
        Assert.InRange(deviation, Math.E * 0.119626565582 * 0.95, Math.E * 0.119626565582 * 1.05);
    }
}
