using System;
using System.Collections.Generic;
using System.Text;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

/// <summary>ConnectedPair/IOPump move bytes, closes, aborts, half-closes and producer signals between two protocols in memory.</summary>
public sealed class ConnectedPairTests
{
    private sealed class Echo : Protocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);
    }

    private sealed class Client : LineReceiver
    {
        public List<string> Lines { get; } = new();

        public List<Failure> Lost { get; } = new();

        public override void ConnectionMade() => SendLine("hello");

        protected override void LineReceived(ReadOnlySpan<byte> line) => Lines.Add(Encoding.ASCII.GetString(line));

        public override void ConnectionLost(Failure reason) => Lost.Add(reason);
    }

    private sealed class Recorder : Protocol
    {
        public List<Failure> Lost { get; } = new();

        public override void ConnectionLost(Failure reason) => Lost.Add(reason);
    }

    [Fact]
    public void Greeting_is_delivered_by_Connect_and_later_writes_by_Pump()
    {
        var (client, server, pump) = ConnectedPair.Create<Echo, Client>();
        Assert.Equal(new[] { "hello" }, client.Lines);
        client.SendLine("again");
        Assert.Equal(new[] { "hello" }, client.Lines);
        Assert.True(pump.Pump());
        Assert.True(pump.Pump());
        Assert.Equal(new[] { "hello", "again" }, client.Lines);
        Assert.False(pump.Pump());
        Assert.Same(server, pump.Server);
    }

    [Fact]
    public void Without_greet_nothing_moves_until_pumped()
    {
        var (client, _, pump) = ConnectedPair.Create<Echo, Client>(greet: false);
        Assert.Empty(client.Lines);
        Assert.True(pump.Flush());
        Assert.Equal(new[] { "hello" }, client.Lines);
    }

    [Fact]
    public void LoseConnection_delivers_the_data_first_then_ConnectionDone_to_both()
    {
        var client = new Client();
        var server = new Recorder();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        server.Transport.Write("bye\r\n"u8);
        server.Transport.LoseConnection();
        server.Transport.Write("dropped\r\n"u8);
        pump.Flush();
        Assert.Equal(new[] { "bye" }, client.Lines);
        Assert.IsType<ConnectionDoneException>(Assert.Single(client.Lost).Value);
        Assert.IsType<ConnectionDoneException>(Assert.Single(server.Lost).Value);
    }

    [Fact]
    public void AbortConnection_drops_buffered_data_and_reports_aborted_and_lost()
    {
        var client = new Client();
        var server = new Recorder();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        server.Transport.Write("never\r\n"u8);
        ((ITcpTransport)server.Transport).AbortConnection();
        pump.Flush();
        Assert.Empty(client.Lines);
        Assert.IsType<ConnectionLostException>(Assert.Single(client.Lost).Value);
        Assert.IsType<ConnectionAbortedException>(Assert.Single(server.Lost).Value);
    }

    private sealed class HalfCloser : Protocol, IHalfCloseableProtocol
    {
        public List<string> Events { get; } = new();

        public void ReadConnectionLost() => Events.Add("read-lost");

        public void WriteConnectionLost() => Events.Add("write-lost");

        public override void DataReceived(ReadOnlySpan<byte> data) => Events.Add("data:" + Encoding.ASCII.GetString(data));

        public override void ConnectionLost(Failure reason) => Events.Add("lost:" + reason.Type.Name);
    }

    [Fact]
    public void Half_close_between_two_half_closeable_protocols_keeps_the_other_direction_open()
    {
        var client = new HalfCloser();
        var server = new HalfCloser();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        client.Transport.Write("request"u8);
        ((ITcpTransport)client.Transport).LoseWriteConnection();
        pump.Flush();
        Assert.Equal(new[] { "data:request", "read-lost" }, server.Events);
        Assert.Equal(new[] { "write-lost" }, client.Events);

        server.Transport.Write("response"u8);
        ((ITcpTransport)server.Transport).LoseWriteConnection();
        pump.Flush();
        Assert.Equal(new[] { "write-lost", "data:response", "read-lost", "lost:ConnectionDoneException" }, client.Events);
        Assert.Equal("lost:ConnectionDoneException", server.Events[^1]);
    }

    [Fact]
    public void Half_close_towards_a_protocol_without_support_closes_the_connection()
    {
        var client = new HalfCloser();
        var server = new Recorder();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        ((ITcpTransport)client.Transport).LoseWriteConnection();
        pump.Flush();
        Assert.Single(server.Lost);
        Assert.Equal(new[] { "lost:ConnectionDoneException" }, client.Events);
    }

    private sealed class PushSource : IPushProducer
    {
        public List<string> Events { get; } = new();

        public void PauseProducing() => Events.Add("pause");

        public void ResumeProducing() => Events.Add("resume");

        public void StopProducing() => Events.Add("stop");
    }

    private sealed class PullSource : IPullProducer
    {
        private readonly ITransport _transport;
        private int _left;

        public PullSource(ITransport transport, int chunks)
        {
            _transport = transport;
            _left = chunks;
        }

        public void ResumeProducing()
        {
            if (_left-- > 0)
            {
                _transport.Write("chunk;"u8);
            }
            else
            {
                _transport.UnregisterProducer();
                _transport.LoseConnection();
            }
        }

        public void StopProducing()
        {
        }
    }

    private sealed class Sink : Protocol
    {
        public StringBuilder Data { get; } = new();

        public bool Lost;

        public override void DataReceived(ReadOnlySpan<byte> data) => Data.Append(Encoding.ASCII.GetString(data));

        public override void ConnectionLost(Failure reason) => Lost = true;
    }

    [Fact]
    public void A_push_producer_is_paused_above_the_high_water_mark_and_resumed_when_drained()
    {
        var client = new Recorder();
        var server = new Sink();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        var transport = (InMemoryTransport)client.Transport;
        transport.HighWaterMark = 10;
        var producer = new PushSource();
        transport.RegisterProducer(producer, streaming: true);
        transport.Write(new byte[11]);
        Assert.Equal(new[] { "pause" }, producer.Events);
        pump.Pump();
        Assert.Equal(new[] { "pause", "resume" }, producer.Events);
        Assert.Equal(11, server.Data.Length);
        Assert.Throws<InvalidOperationException>(() => transport.RegisterProducer(new PushSource(), true));
    }

    [Fact]
    public void A_pull_producer_is_asked_for_data_after_each_pump_and_its_LoseConnection_waits_for_unregister()
    {
        var client = new Recorder();
        var server = new Sink();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        client.Transport.RegisterProducer(new PullSource(client.Transport, 3), streaming: false);
        pump.Flush();
        Assert.Equal("chunk;chunk;chunk;", server.Data.ToString());
        Assert.True(server.Lost);
    }

    [Fact]
    public void A_paused_transport_gets_nothing_until_resumed()
    {
        var client = new Recorder();
        var server = new Sink();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        server.Transport.PauseProducing();
        client.Transport.Write("held"u8);
        Assert.False(pump.Pump());
        Assert.Equal("", server.Data.ToString());
        server.Transport.ResumeProducing();
        pump.Flush();
        Assert.Equal("held", server.Data.ToString());
    }

    [Fact]
    public void Registering_a_producer_on_a_closed_connection_stops_it()
    {
        var client = new Recorder();
        var server = new Sink();
        IOPump pump = ConnectedPair.Connect(server, client, greet: false);
        client.Transport.LoseConnection();
        pump.Flush();
        var producer = new PushSource();
        client.Transport.RegisterProducer(producer, true);
        Assert.Equal(new[] { "stop" }, producer.Events);
    }

    private sealed class PingPong : Protocol
    {
        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);
    }

    [Fact]
    public void Flush_gives_up_with_a_clear_error_on_endless_traffic()
    {
        var a = new PingPong();
        var b = new PingPong();
        IOPump pump = ConnectedPair.Connect(a, b, greet: false);
        a.Transport.Write("x"u8);
        Assert.Throws<InvalidOperationException>(() => pump.Flush());
    }
}
