using System;
using System.Collections.Generic;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

/// <summary>StringTransport and StringTransportWithDisconnection follow Twisted's test doubles.</summary>
public sealed class StringTransportTests
{
    private sealed class Push : IPushProducer
    {
        public int Stops;

        public void PauseProducing()
        {
        }

        public void ResumeProducing()
        {
        }

        public void StopProducing() => Stops++;
    }

    private sealed class Pull : IPullProducer
    {
        public void ResumeProducing()
        {
        }

        public void StopProducing()
        {
        }
    }

    [Fact]
    public void Writes_are_recorded_in_order_until_cleared()
    {
        var transport = new StringTransport();
        transport.Write("ab"u8);
        transport.WriteSequence(new ReadOnlyMemory<byte>("cd"u8.ToArray()), new ReadOnlyMemory<byte>("e"u8.ToArray()));
        Assert.Equal("abcde", transport.ValueAsString());
        transport.Clear();
        Assert.Empty(transport.Value());
    }

    [Fact]
    public void LoseConnection_sets_Disconnecting_and_writes_are_still_recorded_as_in_Twisted()
    {
        var transport = new StringTransport();
        transport.LoseConnection();
        Assert.True(transport.Disconnecting);
        Assert.False(transport.Disconnected);
        transport.Write("late"u8);
        Assert.Equal("late", transport.ValueAsString());
        transport.AbortConnection();
        Assert.True(transport.Disconnected);
    }

    [Fact]
    public void Default_addresses_are_Twisteds()
    {
        var transport = new StringTransport();
        Assert.Equal(new IPv4Address("TCP", "10.0.0.1", 12345), transport.GetHost());
        Assert.Equal(new IPv4Address("TCP", "192.168.1.1", 54321), transport.GetPeer());
        var custom = new StringTransport(new IPv6Address("TCP", "::1", 1), new IPv6Address("TCP", "::1", 2));
        Assert.Equal(new IPv6Address("TCP", "::1", 2), custom.GetPeer());
    }

    [Fact]
    public void Producer_registration_records_and_rejects_a_second_producer()
    {
        var transport = new StringTransport();
        var push = new Push();
        transport.RegisterProducer(push, streaming: true);
        Assert.Same(push, transport.Producer);
        Assert.True(transport.Streaming);
        Assert.Throws<InvalidOperationException>(() => transport.RegisterProducer(new Push(), true));
        transport.UnregisterProducer();
        Assert.Null(transport.Producer);
        Assert.Null(transport.Streaming);
        Assert.Throws<InvalidOperationException>(() => transport.UnregisterProducer());
        Assert.Throws<ArgumentException>(() => transport.RegisterProducer(new Pull(), streaming: true));
        transport.RegisterProducer(new Pull(), streaming: false);
        Assert.False(transport.Streaming);
    }

    [Fact]
    public void Pausing_and_resuming_follow_the_producer_state_rules()
    {
        var transport = new StringTransport();
        transport.PauseProducing();
        Assert.Equal(ProducerState.Paused, transport.ProducerState);
        transport.ResumeProducing();
        Assert.Equal(ProducerState.Producing, transport.ProducerState);
        transport.StopProducing();
        Assert.Throws<InvalidOperationException>(() => transport.ResumeProducing());

        var closing = new StringTransport();
        closing.LoseConnection();
        Assert.Throws<InvalidOperationException>(() => closing.PauseProducing());
        var lenient = new StringTransport(lenient: true);
        lenient.LoseConnection();
        lenient.PauseProducing();
        Assert.Equal(ProducerState.Paused, lenient.ProducerState);
    }

    private sealed class Recorder : Protocol
    {
        public List<Failure> Lost { get; } = new();

        public override void ConnectionLost(Failure reason) => Lost.Add(reason);
    }

    [Fact]
    public void WithDisconnection_calls_ConnectionLost_once_with_ConnectionDone()
    {
        var protocol = new Recorder();
        var transport = new StringTransportWithDisconnection { Protocol = protocol };
        protocol.MakeConnection(transport);
        transport.LoseConnection();
        transport.LoseConnection();
        Failure lost = Assert.Single(protocol.Lost);
        Assert.IsType<ConnectionDoneException>(lost.Value);
        Assert.Equal("Bye.", lost.Value.Message);
        Assert.False(transport.Connected);
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void TcpOptions_are_recorded()
    {
        var transport = new StringTransport();
        transport.SetTcpNoDelay(true);
        transport.SetTcpKeepAlive(true);
        Assert.True(transport.GetTcpNoDelay());
        Assert.True(transport.GetTcpKeepAlive());
        transport.LoseWriteConnection();
        Assert.True(transport.WriteDisconnected);
    }
}
