using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Torsion.Tests.Reactors;

public class SignalAndDebugTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void The_signal_handler_stops_the_reactor_gracefully_running_shutdown_triggers(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        bool shutdownTriggerRan = false;
        bool? cancelDefault = null;
        using var answered = new ManualResetEventSlim();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => shutdownTriggerRan = true);
        reactor.CallWhenRunning(() =>
        {
            // The registered handler runs on a signal thread; call its logic from another thread too.
            new Thread(() =>
            {
                cancelDefault = reactor.HandleSignal(PosixSignal.SIGTERM);
                answered.Set();
            }).Start();
        });
        ReactorKinds.RunBounded(reactor);
        // The handler queues the stop before it returns its answer: wait for the answer too.
        Assert.True(answered.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(cancelDefault);
        Assert.True(shutdownTriggerRan);
        Assert.Equal(PosixSignal.SIGTERM, reactor.ExitSignal);
        Assert.Contains(logger.Entries, e => e.Message == "Received SIGTERM, shutting down.");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_second_signal_during_a_signalled_shutdown_is_left_to_its_default_action(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var answers = new List<bool>();
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
        {
            // The shutdown waits for this Deferred, fired once the second signal was handled.
            var handled = new Deferred();
            new Thread(() =>
            {
                bool answer = reactor.HandleSignal(PosixSignal.SIGINT);
                reactor.CallFromThread(() =>
                {
                    answers.Add(answer);
                    handled.Callback(null);
                });
            }).Start();
            return handled;
        });
        reactor.CallWhenRunning(() => answers.Add(reactor.HandleSignal(PosixSignal.SIGINT)));
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { true, false }, answers);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_callback_slower_than_the_threshold_is_reported_by_name(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        reactor.SlowCallbackThreshold = TimeSpan.FromMilliseconds(5);
        var reports = new List<SlowCallbackEventArgs>();
        reactor.SlowCallback += (_, e) => reports.Add(e);
        reactor.CallLater(TimeSpan.Zero, BlockTheReactor);
        reactor.CallLater(TimeSpan.FromMilliseconds(1), reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        var report = Assert.Single(reports, r => r.Callback.EndsWith(nameof(BlockTheReactor), StringComparison.Ordinal));
        Assert.Equal("Torsion.Tests.Reactors.SignalAndDebugTests.BlockTheReactor", report.Callback);
        Assert.True(report.Duration >= TimeSpan.FromMilliseconds(5));
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains(nameof(BlockTheReactor)));
    }

#pragma warning disable TRS2001 // blocks the reactor on purpose: the test measures the slow-callback report
    private static void BlockTheReactor() => Thread.Sleep(30);
#pragma warning restore TRS2001

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Without_a_threshold_nothing_is_reported(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int reports = 0;
        reactor.SlowCallback += (_, _) => reports++;
        reactor.CallLater(TimeSpan.Zero, BlockTheReactor);
        reactor.CallLater(TimeSpan.FromMilliseconds(1), reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(0, reports);
        Assert.Null(reactor.SlowCallbackThreshold);
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.SlowCallbackThreshold = TimeSpan.Zero);
    }

    [Fact]
    public void A_slow_DoRead_is_reported_naming_the_descriptor()
    {
        using var reactor = new EpollReactor();
        using var pipe = new TestPipe();
        reactor.SlowCallbackThreshold = TimeSpan.FromMilliseconds(5);
        var reports = new List<string>();
        reactor.SlowCallback += (_, e) => reports.Add(e.Callback);
        var reader = new ScriptedDescriptor(pipe.ReadFd)
        {
            OnRead = d =>
            {
                Thread.Sleep(30);
                reactor.Stop();
                return d.ReadAvailable();
            },
        };
        ((IReactorFDSet)reactor).AddReader(reader);
        pipe.Write("x");
        ReactorKinds.RunBounded(reactor);
        Assert.Contains("Torsion.Tests.Reactors.ScriptedDescriptor.DoRead", reports);
    }

    [Fact]
    public void A_slow_await_continuation_is_reported_naming_its_async_method()
    {
        using var reactor = new EpollReactor();
        reactor.SlowCallbackThreshold = TimeSpan.FromMilliseconds(5);
        var reports = new List<string>();
        reactor.SlowCallback += (_, e) => reports.Add(e.Callback);
#pragma warning disable TRS2001 // blocks the reactor on purpose: the test measures the slow-callback report
        reactor.CallWhenRunning(() => _ = SlowAfterAwaitAsync(reactor));
#pragma warning restore TRS2001
        ReactorKinds.RunBounded(reactor);
        Assert.Contains(reports, name => name.Contains("<SlowAfterAwaitAsync>", StringComparison.Ordinal));
    }

    private static async System.Threading.Tasks.Task SlowAfterAwaitAsync(ReactorBase reactor)
    {
        await System.Threading.Tasks.Task.Delay(1);
        Thread.Sleep(30);
        reactor.Stop();
    }
}
