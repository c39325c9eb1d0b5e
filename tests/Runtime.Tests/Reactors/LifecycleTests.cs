using System;
using System.Collections.Generic;

namespace Torsion.Tests.Reactors;

public class LifecycleTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CallWhenRunning_callables_run_in_fifo_order_once_the_reactor_runs(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            Assert.NotNull(reactor.CallWhenRunning(() => order.Add(n)));
        }

        reactor.CallWhenRunning(reactor.Stop);
        Assert.Empty(order);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CallWhenRunning_while_running_calls_at_once_and_returns_null(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        SystemEventTriggerId? id = new SystemEventTriggerId("x", SystemEventPhase.After, new object());
        reactor.CallWhenRunning(() =>
        {
            id = reactor.CallWhenRunning(() => ran = true);
            Assert.True(ran);
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Null(id);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Running_is_false_before_run_true_in_callbacks_and_false_after(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool runningInside = false;
        Assert.False(reactor.Running);
        reactor.CallWhenRunning(() =>
        {
            runningInside = reactor.Running;
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(runningInside);
        Assert.False(reactor.Running);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Stop_on_a_reactor_that_never_ran_throws_ReactorNotRunning(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var error = Assert.Throws<ReactorNotRunningException>(reactor.Stop);
        Assert.Equal("Can't stop reactor that isn't running.", error.Message);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Stop_twice_throws_ReactorNotRunning_the_second_time(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Exception? second = null;
        reactor.CallWhenRunning(() =>
        {
            reactor.Stop();
            second = Record.Exception(reactor.Stop);
        });
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<ReactorNotRunningException>(second);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Stop_is_asynchronous_code_after_it_runs_before_shutdown_triggers(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => order.Add("before shutdown"));
        reactor.CallWhenRunning(() =>
        {
            reactor.Stop();
            order.Add("after Stop returned");
            Assert.True(reactor.Running);
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "after Stop returned", "before shutdown" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Run_after_stop_throws_ReactorNotRestartable(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Throws<ReactorNotRestartableException>(() => reactor.Run(installSignalHandlers: false));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Run_while_running_throws_ReactorAlreadyRunning(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Exception? error = null;
        reactor.CallWhenRunning(() =>
        {
            error = Record.Exception(() => reactor.Run(installSignalHandlers: false));
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<ReactorAlreadyRunningException>(error);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Crash_ends_the_loop_without_shutdown_triggers_and_the_reactor_can_run_again(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int shutdowns = 0;
        int starts = 0;
        reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => shutdowns++);
        reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, () => starts++);
        reactor.CallWhenRunning(reactor.Crash);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(0, shutdowns);
        Assert.False(reactor.Running);

        bool runningAgain = false;
        reactor.CallWhenRunning(() =>
        {
            runningAgain = reactor.Running;
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(runningAgain);
        Assert.Equal(1, shutdowns);
        Assert.Equal(1, starts);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_throwing_callback_is_logged_with_its_exception_and_the_loop_goes_on(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        var boom = new InvalidOperationException("boom");
        bool later = false;
        reactor.CallWhenRunning(() => throw boom);
        reactor.CallLater(TimeSpan.Zero, () => throw boom);
        reactor.CallFromThread(() => throw boom);
        reactor.CallLater(TimeSpan.FromMilliseconds(1), () =>
        {
            later = true;
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(later);
        Assert.Equal(3, System.Linq.Enumerable.Count(logger.Entries, e => ReferenceEquals(e.Exception, boom)));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Iterate_runs_due_calls_without_Run(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        reactor.CallLater(TimeSpan.Zero, () => ran = true);
        reactor.Iterate();
        Assert.True(ran);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Disposing_a_running_reactor_from_a_callback_ends_the_loop_without_shutdown_triggers(string kind)
    {
        var logger = new ListLogger();
        var reactor = ReactorKinds.Create(kind, logger);
        bool shutdown = false;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => shutdown = true);
        reactor.CallWhenRunning(reactor.Dispose);
        reactor.Run(installSignalHandlers: false);
        Assert.False(reactor.Running);
        Assert.False(shutdown);
        Assert.Empty(logger.Entries);
        Assert.Throws<ObjectDisposedException>(() => reactor.Run(installSignalHandlers: false));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Iterate_nested_inside_a_thread_call_runs_later_thread_calls_and_loses_none(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();

        // Stops once all five calls have run (a lost call makes RunBounded time out and fail).
        void Record(string what)
        {
            order.Add(what);
            if (order.Count == 5)
            {
                reactor.Stop();
            }
        }

        reactor.CallFromThread(() =>
        {
            Record("outer");
            reactor.CallFromThread(() =>
            {
                Record("queued by outer");
                reactor.CallFromThread(() => Record("queued by nested"));
            });
            reactor.Iterate();
            reactor.CallFromThread(() => Record("queued after nested iterate"));
        });
        reactor.CallFromThread(() => Record("outer batch, second"));
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "outer", "queued by outer", "outer batch, second", "queued by nested", "queued after nested iterate" }, order);
    }
}
