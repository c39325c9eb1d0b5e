using System;
using System.Collections.Generic;
using System.Linq;

namespace Torsion.Tests.Reactors;

public class DelayedCallTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Calls_run_in_deadline_order(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<int>();
        // Scheduled out of deadline order. The expected order is read from the deadlines themselves:
        // a long pause between these statements (a loaded machine) may reorder the deadlines, and
        // the reactor must then follow them, not the order of scheduling.
        var calls = new IDelayedCall[3];
        calls[2] = reactor.CallLater(TimeSpan.FromMilliseconds(110), () =>
        {
            order.Add(2);
            if (order.Count == 3)
            {
                reactor.Stop();
            }
        });
        calls[0] = reactor.CallLater(TimeSpan.FromMilliseconds(10), () =>
        {
            order.Add(0);
            if (order.Count == 3)
            {
                reactor.Stop();
            }
        });
        calls[1] = reactor.CallLater(TimeSpan.FromMilliseconds(60), () =>
        {
            order.Add(1);
            if (order.Count == 3)
            {
                reactor.Stop();
            }
        });
        var expected = new[] { 0, 1, 2 }.OrderBy(i => ((DelayedCall)calls[i]).Time).ThenBy(i => ((DelayedCall)calls[i]).Sequence).ToArray();
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(expected, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Calls_with_equal_deadlines_run_first_in_first_out(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            int n = i;
            reactor.CallLater(TimeSpan.Zero, () => order.Add(n));
        }

        reactor.CallLater(TimeSpan.FromMilliseconds(1), reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(Enumerable.Range(0, 200), order);
    }

    [Fact]
    public void Equal_deadlines_are_fifo_even_when_scheduled_at_the_same_clock_reading()
    {
        using var reactor = new EpollReactor();
        var queue = new Torsion.Reactors.Timers.TimerQueue(reactor);
        var order = new List<int>();
        for (int i = 0; i < 100; i++)
        {
            int n = i;
            queue.Schedule(5.0, () => order.Add(n));
        }

        // Run them through the heap with a fixed "now": ties must come out in scheduling order.
        queue.RunDue(5.0);
        Assert.Equal(Enumerable.Range(0, 100), order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_cancelled_call_never_runs_and_a_second_cancel_throws_AlreadyCancelled(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        var call = reactor.CallLater(TimeSpan.Zero, () => ran = true);
        call.Cancel();
        Assert.False(call.Active);
        Assert.Throws<AlreadyCancelledException>(call.Cancel);
        Assert.Throws<AlreadyCancelledException>(() => call.Reset(TimeSpan.Zero));
        Assert.Throws<AlreadyCancelledException>(() => call.Delay(TimeSpan.Zero));
        reactor.CallLater(TimeSpan.FromMilliseconds(2), reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.False(ran);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_call_is_marked_called_before_it_runs_so_cancel_inside_it_throws_AlreadyCalled(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        IDelayedCall? call = null;
        bool? activeInside = null;
        Exception? cancelInside = null;
        call = reactor.CallLater(TimeSpan.Zero, () =>
        {
            activeInside = call!.Active;
            cancelInside = Record.Exception(call.Cancel);
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.False(activeInside);
        Assert.IsType<AlreadyCalledException>(cancelInside);
        Assert.Throws<AlreadyCalledException>(call.Cancel);
        Assert.Throws<AlreadyCalledException>(() => call.Reset(TimeSpan.FromSeconds(1)));
        Assert.Throws<AlreadyCalledException>(() => call.Delay(TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Reset_to_a_sooner_time_moves_the_call_ahead_of_others(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        var late = reactor.CallLater(TimeSpan.FromSeconds(30), () => order.Add("reset"));
        reactor.CallWhenRunning(() =>
        {
            // Reset first: "other" is scheduled later with a longer delay, so no pause can put its
            // deadline before the reset one.
            late.Reset(TimeSpan.Zero);
            reactor.CallLater(TimeSpan.FromMilliseconds(30), () =>
            {
                order.Add("other");
                reactor.Stop();
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "reset", "other" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Reset_and_Delay_to_a_later_time_move_the_call_behind_others(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        // Each step schedules a later deadline than the one before, so pauses between the
        // statements cannot reorder them: other < reset (after Reset) < delayed (after Delay).
        var reset = reactor.CallLater(TimeSpan.FromMilliseconds(1), () => order.Add("reset"));
        reactor.CallLater(TimeSpan.FromMilliseconds(50), () => order.Add("other"));
        reset.Reset(TimeSpan.FromMilliseconds(100));
        var delayed = reactor.CallLater(TimeSpan.FromMilliseconds(1), () =>
        {
            order.Add("delayed");
            reactor.Stop();
        });
        double before = delayed.Time;
        delayed.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal(before + 0.200, delayed.Time, 6);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "other", "reset", "delayed" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void GetDelayedCalls_lists_only_calls_neither_run_nor_cancelled(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var kept = reactor.CallLater(TimeSpan.FromSeconds(60), () => { });
        var cancelled = reactor.CallLater(TimeSpan.FromSeconds(60), () => { });
        var ran = reactor.CallLater(TimeSpan.Zero, () => { });
        cancelled.Cancel();
        reactor.Iterate();
        Assert.Equal(new[] { kept }, reactor.GetDelayedCalls());
        kept.Cancel();
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Bad_arguments_are_rejected(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.CallLater(TimeSpan.FromSeconds(-1), () => { }));
        Assert.Throws<ArgumentNullException>(() => reactor.CallLater(TimeSpan.Zero, null!));
        var call = reactor.CallLater(TimeSpan.FromSeconds(1), () => { });
        Assert.Throws<ArgumentOutOfRangeException>(() => call.Reset(TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_zero_delay_call_scheduled_by_a_running_call_waits_for_the_next_iteration(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int spins = 0;
        bool threadCallRan = false;
        void Spin()
        {
            spins++;
            if (threadCallRan)
            {
                reactor.Stop();
                return;
            }

            reactor.CallLater(TimeSpan.Zero, Spin);
        }

        reactor.CallLater(TimeSpan.Zero, Spin);
        reactor.CallLater(TimeSpan.Zero, () => reactor.CallFromThread(() => threadCallRan = true));
        ReactorKinds.RunBounded(reactor);
        Assert.True(threadCallRan);
        Assert.InRange(spins, 2, 10);
    }

    [Fact]
    public void ToString_follows_Twisteds_format()
    {
        using var reactor = new PollReactor();
        var call = reactor.ScheduleCall(TimeSpan.FromSeconds(5), NamedCallback);
        Assert.Matches(@"^<DelayedCall 0x[0-9a-f]+ \[(4\.\d+|5)s\] called=0 cancelled=0 Torsion\.Tests\.Reactors\.DelayedCallTests\.NamedCallback\(\)>$", call.ToString());
        call.Cancel();
        Assert.Matches(@"^<DelayedCall 0x[0-9a-f]+ \[[0-9.]+s\] called=0 cancelled=1>$", call.ToString());
    }

    private static void NamedCallback()
    {
    }

    [Fact]
    public void Mostly_cancelled_timers_are_compacted_and_the_rest_run_in_order()
    {
        using var reactor = new EpollReactor();
        var queue = new Torsion.Reactors.Timers.TimerQueue(reactor);
        var ran = new List<int>();
        var calls = new List<DelayedCall>();
        var random = new Random(1234);
        for (int i = 0; i < 10_000; i++)
        {
            int n = i;
            calls.Add(queue.Schedule(random.NextDouble() * 100, () => ran.Add(n)));
        }

        queue.InsertNewCalls();
        for (int i = 0; i < calls.Count; i++)
        {
            if (i % 10 != 0)
            {
                calls[i].Cancel();
            }
        }

        // An iteration with nothing due yet still compacts: cancellations exceed 50 and half the heap.
        queue.RunDue(-1.0);
        Assert.Equal(1_000, queue.HeapCount);
        Assert.Equal(0, queue.CancelledInHeap);

        queue.RunDue(1_000.0);
        var expected = Enumerable.Range(0, 10_000).Where(i => i % 10 == 0).OrderBy(i => calls[i].Time).ThenBy(i => i).ToList();
        Assert.Equal(expected, ran);
    }

    [Fact]
    public void With_debug_on_a_delayed_call_records_and_shows_its_creation_stack()
    {
        using var reactor = new PollReactor();
        DelayedCall.Debug = true;
        try
        {
            var call = reactor.ScheduleCall(TimeSpan.FromSeconds(1), NamedCallback);
            Assert.Contains("traceback at creation", call.ToString());
            Assert.Contains(nameof(With_debug_on_a_delayed_call_records_and_shows_its_creation_stack), call.CreationTrace);
            call.Cancel();
        }
        finally
        {
            DelayedCall.Debug = false;
        }
    }

    [Fact]
    public void Sooner_Reset_and_negative_Delay_reorder_calls_already_in_the_heap()
    {
        using var reactor = new EpollReactor();
        var queue = new Torsion.Reactors.Timers.TimerQueue(reactor);
        var order = new List<string>();
        double now = reactor.Seconds();
        var a = queue.Schedule(now + 10, () => order.Add("a"));
        var b = queue.Schedule(now + 20, () => order.Add("b"));
        var c = queue.Schedule(now + 30, () => order.Add("c"));
        var d = queue.Schedule(now + 40, () => order.Add("d"));
        queue.InsertNewCalls();
        c.Reset(TimeSpan.FromSeconds(5));     // sooner: moved up at once
        d.Delay(TimeSpan.FromSeconds(-38));   // net negative: moved up at once, to about now + 2
        a.Delay(TimeSpan.FromSeconds(15));    // later: applied lazily when its old time comes
        Assert.Equal(now + 25, a.Time, 6);
        queue.RunDue(now + 100);
        Assert.Equal(new[] { "d", "c", "b", "a" }, order);
    }

    [Fact]
    public void With_debug_on_a_failing_delayed_call_is_logged_with_where_it_was_created()
    {
        var logger = new ListLogger();
        using var reactor = new SelectReactor(logger);
        DelayedCall.Debug = true;
        try
        {
            reactor.CallLater(TimeSpan.Zero, () => throw new FormatException("bad"));
        }
        finally
        {
            DelayedCall.Debug = false;
        }

        reactor.Iterate();
        var entry = Assert.Single(logger.Entries);
        Assert.IsType<FormatException>(entry.Exception);
        Assert.Contains("previous exception occurred in a DelayedCall created here", entry.Message);
        Assert.Contains(nameof(With_debug_on_a_failing_delayed_call_is_logged_with_where_it_was_created), entry.Message);
    }
}
