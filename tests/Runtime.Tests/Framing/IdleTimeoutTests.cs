using System;
using Torsion.Protocols;
using Torsion.Testing;

namespace Torsion.Tests.Framing;

/// <summary>IdleTimeout follows Twisted's TimeoutMixin (twisted/test/test_policies.py TimeoutMixinTests).</summary>
public sealed class IdleTimeoutTests
{
    private sealed class Idle : Protocol
    {
        public IdleTimeout? Timeout;

        public override void DataReceived(ReadOnlySpan<byte> data) => Timeout!.ResetTimeout();
    }

    private static (Idle Protocol, StringTransport Transport, Clock Clock) Connect(double seconds)
    {
        var clock = new Clock();
        var protocol = new Idle();
        protocol.Timeout = IdleTimeout.LoseConnectionOf(protocol, clock);
        var transport = new StringTransport();
        protocol.MakeConnection(transport);
        protocol.Timeout.SetTimeout(TimeSpan.FromSeconds(seconds));
        return (protocol, transport, clock);
    }

    [Fact]
    public void The_connection_is_closed_when_the_period_passes_idle()
    {
        var (protocol, transport, clock) = Connect(3);
        clock.Advance(2.9);
        Assert.False(transport.Disconnecting);
        clock.Advance(0.1);
        Assert.True(transport.Disconnecting);
        Assert.False(protocol.Timeout!.Pending);
    }

    [Fact]
    public void Activity_resets_the_timer()
    {
        var (protocol, transport, clock) = Connect(3);
        clock.Advance(2);
        protocol.DataReceived("x"u8);
        clock.Advance(2);
        Assert.False(transport.Disconnecting);
        clock.Advance(1);
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void SetTimeout_null_cancels_and_returns_the_previous_period()
    {
        var (protocol, transport, clock) = Connect(3);
        Assert.Equal(TimeSpan.FromSeconds(3), protocol.Timeout!.SetTimeout(null));
        Assert.Null(protocol.Timeout.Timeout);
        clock.Advance(10);
        Assert.False(transport.Disconnecting);
        Assert.Empty(clock.GetDelayedCalls());
        protocol.Timeout.ResetTimeout(); // nothing pending: does nothing
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void SetTimeout_while_pending_restarts_with_the_new_period()
    {
        var (protocol, transport, clock) = Connect(3);
        clock.Advance(2);
        Assert.Equal(TimeSpan.FromSeconds(3), protocol.Timeout!.SetTimeout(TimeSpan.FromSeconds(5)));
        clock.Advance(4.9);
        Assert.False(transport.Disconnecting);
        clock.Advance(0.1);
        Assert.True(transport.Disconnecting);
    }

    [Fact]
    public void SetTimeout_after_the_timeout_fired_starts_a_new_timer()
    {
        int fired = 0;
        var clock = new Clock();
        var timeout = new IdleTimeout(clock, () => fired++);
        timeout.SetTimeout(TimeSpan.FromSeconds(1));
        clock.Advance(1);
        Assert.Equal(1, fired);
        timeout.SetTimeout(TimeSpan.FromSeconds(1));
        clock.Advance(1);
        Assert.Equal(2, fired);
        Assert.Throws<ArgumentOutOfRangeException>(() => timeout.SetTimeout(TimeSpan.FromSeconds(-1)));
    }
}
