using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Reactors.Timers;

namespace Torsion.Tests.Reactors;

/// <summary>
/// The timer heap with inline keys (issue 11): its order must stay (deadline, last scheduling) for
/// calls delayed, moved sooner, re-sequenced and cancelled while in the heap.
/// </summary>
public class TimerHeapTests
{
    [Fact]
    public void A_zero_Delay_makes_a_call_count_as_scheduled_last_among_equal_deadlines()
    {
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        var order = new List<int>();
        var calls = new DelayedCall[3];
        for (int i = 0; i < 3; i++)
        {
            int n = i;
            calls[i] = queue.Schedule(5.0, () => order.Add(n));
        }

        queue.InsertNewCalls();
        calls[0].Delay(TimeSpan.Zero);
        queue.RunDue(5.0);
        Assert.Equal(new[] { 1, 2, 0 }, order);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_delays_and_cancellations_run_in_the_same_order_as_a_sorted_reference(int seed)
    {
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        var random = new Random(seed);
        var order = new List<int>();
        var calls = new List<DelayedCall>();
        for (int i = 0; i < 3000; i++)
        {
            int n = i;
            // Few distinct deadlines, so that ties (ordered by sequence) are common.
            calls.Add(queue.Schedule(random.Next(0, 50), () => order.Add(n)));
            if (random.Next(4) == 0)
            {
                queue.InsertNewCalls();
            }
        }

        queue.InsertNewCalls();
        for (int op = 0; op < 4000; op++)
        {
            var call = calls[random.Next(calls.Count)];
            if (!call.Active)
            {
                continue;
            }

            switch (random.Next(3))
            {
                case 0:
                    call.Cancel();
                    break;
                default:
                    // Later, sooner (possibly below zero time) or exactly zero.
                    call.Delay(TimeSpan.FromSeconds(random.Next(-20, 21)));
                    break;
            }

            if (random.Next(50) == 0)
            {
                // Run what is due at a low "now", as the loop would between operations.
                double now = random.Next(-30, 5);
                var expectedNow = Expected(calls, now);
                order.Clear();
                queue.RunDue(now);
                Assert.Equal(expectedNow, order);
            }
        }

        var expected = Expected(calls, double.MaxValue);
        order.Clear();
        queue.RunDue(double.MaxValue);
        Assert.Equal(expected, order);
        Assert.Equal(0, queue.HeapCount);
    }

    [Fact]
    public void A_call_scheduled_by_a_running_call_for_the_runs_own_now_waits_for_the_next_run()
    {
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        var order = new List<string>();
        queue.Schedule(5.0, () =>
        {
            order.Add("first");
            // The clock has not ticked: due at the very "now" of the run in progress.
            queue.Schedule(5.0, () => order.Add("second"));
        });

        queue.RunDue(5.0);
        Assert.Equal(new[] { "first" }, order);
        Assert.Single(queue.ActiveCalls());
        Assert.True(queue.HasDue(5.0));

        queue.RunDue(5.0);
        Assert.Equal(new[] { "first", "second" }, order);
        Assert.Equal(0, queue.HeapCount);
    }

    [Fact]
    public void A_call_scheduled_by_a_running_call_for_later_keeps_time_order_with_older_calls()
    {
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        var order = new List<string>();
        queue.Schedule(7.0, () => order.Add("seven"));
        queue.Schedule(5.0, () =>
        {
            order.Add("five");
            queue.Schedule(6.0, () => order.Add("six"));
        });

        queue.RunDue(5.0);
        Assert.Equal(1.0, queue.Timeout(5.0));
        queue.RunDue(10.0);
        Assert.Equal(new[] { "five", "six", "seven" }, order);
    }

    [Fact]
    public void A_nested_run_also_runs_due_calls_scheduled_before_it_by_the_outer_runs_callbacks()
    {
        // As Twisted's runUntilCurrent, which starts by inserting the new calls: a callback that
        // iterates the loop itself lets the calls it scheduled run in that nested iteration.
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        var order = new List<string>();
        queue.Schedule(5.0, () =>
        {
            order.Add("outer");
            queue.Schedule(5.0, () => order.Add("scheduled by outer"));
            queue.RunDue(5.0);
            Assert.Equal(new[] { "outer", "nested", "scheduled by outer" }, order);
        });
        queue.Schedule(5.0, () => order.Add("nested"));

        queue.RunDue(5.0);
        Assert.Equal(new[] { "outer", "nested", "scheduled by outer" }, order);
        Assert.Empty(queue.ActiveCalls());
    }

    [Fact]
    public void A_new_call_cancelled_before_the_loop_looks_again_never_enters_the_heap()
    {
        using var reactor = new EpollReactor();
        var queue = new TimerQueue(reactor);
        int ran = 0;
        queue.Schedule(5.0, () =>
        {
            var brief = queue.Schedule(6.0, () => ran++);
            Assert.Contains(brief, queue.ActiveCalls());
            brief.Cancel();
        });

        queue.RunDue(5.0);
        queue.InsertNewCalls();
        Assert.Equal(0, queue.HeapCount);
        Assert.Equal(0, queue.CancelledInHeap);
        queue.RunDue(10.0);
        Assert.Equal(0, ran);
    }

    private static List<int> Expected(List<DelayedCall> calls, double now) =>
        calls.Select((call, index) => (call, index))
            .Where(x => x.call.Active && x.call.Time <= now)
            .OrderBy(x => x.call.Time).ThenBy(x => x.call.Sequence)
            .Select(x => x.index)
            .ToList();
}
