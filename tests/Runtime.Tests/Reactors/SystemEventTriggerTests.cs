using System;
using System.Collections.Generic;

namespace Torsion.Tests.Reactors;

public class SystemEventTriggerTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Shutdown_triggers_run_before_then_during_then_after_each_in_fifo_order(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => order.Add("after1"));
        reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => order.Add("during1"));
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => order.Add("before1"));
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => order.Add("before2"));
        reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => order.Add("after2"));
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "before1", "before2", "during1", "after1", "after2" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_before_shutdown_trigger_returning_a_Deferred_delays_the_during_phase_until_it_fires(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
        {
            var d = new Deferred();
            reactor.CallLater(TimeSpan.FromMilliseconds(20), () =>
            {
                order.Add("deferred fired");
                d.Callback(null);
            });
            order.Add("before");
            return d;
        });
        reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => order.Add("during"));
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "before", "deferred fired", "during" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_throwing_trigger_is_logged_and_the_other_triggers_still_run(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        var boom = new InvalidOperationException("trigger boom");
        bool second = false;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => throw boom);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => second = true);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.True(second);
        Assert.Contains(logger.Entries, e => ReferenceEquals(e.Exception, boom));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_removed_trigger_does_not_run_and_removing_it_again_throws_ArgumentException(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        var id = reactor.AddSystemEventTrigger(SystemEventPhase.During, "custom", () => ran = true);
        reactor.RemoveSystemEventTrigger(id);
        reactor.FireSystemEvent("custom");
        Assert.False(ran);
        Assert.Throws<ArgumentException>(() => reactor.RemoveSystemEventTrigger(id));
        Assert.Throws<ArgumentNullException>(() => reactor.RemoveSystemEventTrigger(null!));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_before_trigger_removed_by_an_earlier_one_while_firing_does_not_run(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool secondRan = false;
        SystemEventTriggerId? second = null;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, "custom", () => reactor.RemoveSystemEventTrigger(second!));
        second = reactor.AddSystemEventTrigger(SystemEventPhase.Before, "custom", () => secondRan = true);
        reactor.FireSystemEvent("custom");
        Assert.False(secondRan);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void An_undefined_phase_is_rejected(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.AddSystemEventTrigger((SystemEventPhase)7, "custom", () => { }));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void FireSystemEvent_runs_each_trigger_once_and_unknown_events_do_nothing(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int count = 0;
        reactor.AddSystemEventTrigger(SystemEventPhase.During, "custom", () => count++);
        reactor.FireSystemEvent("custom");
        reactor.FireSystemEvent("custom");
        reactor.FireSystemEvent("nobody-listens");
        Assert.Equal(1, count);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Before_startup_runs_while_not_yet_running_and_after_startup_while_running(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool? runningBefore = null;
        bool? runningAfter = null;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Startup, () => runningBefore = reactor.Running);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, () => runningAfter = reactor.Running);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.False(runningBefore);
        Assert.True(runningAfter);
    }

    [Fact]
    public void A_trigger_handle_from_another_reactor_is_rejected()
    {
        using var one = new PollReactor();
        using var other = new PollReactor();
        var id = one.AddSystemEventTrigger(SystemEventPhase.During, "custom", () => { });
        Assert.Throws<ArgumentException>(() => other.RemoveSystemEventTrigger(id));
        one.RemoveSystemEventTrigger(id);
    }
}
