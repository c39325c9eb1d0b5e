using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Networking;

/// <summary>ConnectTcp's failures and the connector's life cycle, on every reactor.</summary>
public class ConnectorTests
{
    private static int ClosedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Connecting_to_a_closed_port_fails_with_ConnectionRefusedException_after_StartedConnecting(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var factory = new RecordingClientFactory { Protocol = () => new Recorder() };
        factory.OnFailed = (_, _) => reactor.Stop();
        var connector = reactor.ConnectTcp("127.0.0.1", ClosedPort(), factory);
        Assert.Equal(new[] { "start", "connecting" }, factory.Events);
        Net.Run(reactor);
        Assert.IsType<ConnectionRefusedException>(factory.FailedReason!.Value);
        Assert.Equal(new[] { "start", "connecting", "failed", "stop" }, factory.Events);
        Assert.Throws<NotConnectingException>(connector.StopConnecting);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_failed_connector_can_Connect_again_from_ClientConnectionFailed(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var factory = new RecordingClientFactory { Protocol = () => new Recorder() };
        int failures = 0;
        factory.OnFailed = (connector, _) =>
        {
            if (++failures < 3)
            {
                connector.Connect();
            }
            else
            {
                reactor.Stop();
            }
        };
        reactor.ConnectTcp("127.0.0.1", ClosedPort(), factory);
        Net.Run(reactor);
        Assert.Equal(3, failures);
        // The factory stays started across retries made from the callback.
        Assert.Equal(new[] { "start", "connecting", "failed", "connecting", "failed", "connecting", "failed", "stop" }, factory.Events);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_name_under_invalid_fails_with_DnsLookupException_which_is_a_ConnectException(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var factory = new RecordingClientFactory { Protocol = () => new Recorder() };
        factory.OnFailed = (_, _) => reactor.Stop();
        reactor.ConnectTcp("no-such-host.invalid", 80, factory);
        Net.Run(reactor);
        var error = Assert.IsType<DnsLookupException>(factory.FailedReason!.Value);
        Assert.Contains("no-such-host.invalid", error.Message);
        Assert.IsAssignableFrom<ConnectException>(error);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_host_name_is_resolved_off_the_reactor_thread_and_connects(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        var client = new Recorder { OnMade = _ => reactor.Stop() };
        var factory = new RecordingClientFactory { Protocol = () => client };
        factory.OnFailed = (_, _) => reactor.Stop();
        reactor.ConnectTcp("localhost", Net.PortOf(port), factory);
        Net.Run(reactor);
        Assert.Null(factory.FailedReason);
        Assert.Equal(1, client.MadeCount);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_connect_that_cannot_finish_fails_with_ConnectTimeoutException(string kind)
    {
        // A listener whose accept queue is full drops further SYNs: the attempt hangs until the timeout.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try
                {
                    filler.Connect(endPoint);
                }
                catch (SocketException)
                {
                    // In progress, or dropped: either way it fills the queue.
                }

                fillers.Add(filler);
            }

            System.Threading.Thread.Sleep(100);
            var reactor = ReactorKinds.Create(kind);
            var factory = new RecordingClientFactory { Protocol = () => new Recorder() };
            factory.OnFailed = (_, _) => reactor.Stop();
            reactor.ConnectTcp("127.0.0.1", endPoint.Port, factory, TimeSpan.FromMilliseconds(300));
            Net.Run(reactor);
            var error = Assert.IsType<ConnectTimeoutException>(factory.FailedReason!.Value);
            Assert.IsAssignableFrom<ConnectException>(error);
            Assert.Equal(new[] { "start", "connecting", "failed", "stop" }, factory.Events);
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void StopConnecting_fails_the_attempt_with_UserCancelledConnectException(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var factory = new RecordingClientFactory { Protocol = () => new Recorder() };
        factory.OnFailed = (_, _) => reactor.Stop();
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        reactor.CallWhenRunning(() =>
        {
            var connector = reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), factory);
            connector.StopConnecting();
            // As in Twisted, the factory hears of it from inside StopConnecting.
            Assert.Equal(new[] { "start", "connecting", "failed", "stop" }, factory.Events);
        });
        Net.Run(reactor);
        Assert.IsType<UserCancelledConnectException>(factory.FailedReason!.Value);
        Assert.Equal(new[] { "start", "connecting", "failed", "stop" }, factory.Events);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Disconnect_closes_a_made_connection_and_the_factory_hears_ClientConnectionLost(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), interfaceAddress: "127.0.0.1");
        IConnector? connector = null;
        var client = new Recorder { OnMade = _ => connector!.Disconnect() };
        var factory = new RecordingClientFactory { Protocol = () => client };
        factory.OnLost = (_, _) => reactor.Stop();
        connector = reactor.ConnectTcp("127.0.0.1", Net.PortOf(port), factory);
        Assert.Throws<InvalidOperationException>(connector.Connect);
        Net.Run(reactor);
        Assert.IsType<ConnectionDoneException>(factory.LostReason!.Value);
        Assert.Equal(1, client.LostCount);
        Assert.Equal(new[] { "start", "connecting", "lost", "stop" }, factory.Events);
    }
}
