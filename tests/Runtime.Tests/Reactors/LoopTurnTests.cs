using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Torsion.Testing;

namespace Torsion.Tests.Reactors;

/// <summary>
/// The loop turn of issue 11: a turn with work already waiting skips the I/O system call, but I/O is
/// still polled at least every <see cref="ReactorBase.MaxTurnsWithoutPolling"/> turns; the
/// state-passing <c>CallLater</c> and <c>CallFromThread</c> overloads.
/// </summary>
public class LoopTurnTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void Ready_input_is_read_within_the_polling_bound_while_a_CallLater_zero_loop_keeps_a_timer_always_due(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        using var pipe = new TestPipe();
        const int TurnLimit = 20_000;
        int turns = 0;
        int turnOfRead = -1;
        var reader = new ScriptedDescriptor(pipe.ReadFd);
        reader.OnRead = d =>
        {
            turnOfRead = turns;
            Fd(reactor).RemoveReader(d);
            return d.ReadAvailable();
        };

        void Spin()
        {
            turns++;
            if (turnOfRead >= 0 || turns >= TurnLimit)
            {
                reactor.Stop();
                return;
            }

            reactor.CallLater(TimeSpan.Zero, Spin);
        }

        reactor.CallWhenRunning(() =>
        {
            // The busy loop starts first, so the timer queue is due on every turn from then on;
            // the input is already waiting before the first poll of the loop.
            reactor.CallLater(TimeSpan.Zero, Spin);
            pipe.Write("ping");
            Fd(reactor).AddReader(reader);
        });
        ReactorKinds.RunBounded(reactor);

        Assert.Equal("ping", string.Concat(reader.Received));
        Assert.InRange(turnOfRead, 0, ReactorBase.MaxTurnsWithoutPolling + 2);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Timers_run_never_early_and_in_time_order_while_turns_reuse_the_reading_a_CallLater_took(string kind)
    {
        // A CallLater(0) loop makes every turn end with a timer due by the reading its CallLater
        // took, so the loop goes round on that reading instead of reading the clock; timers with
        // small delays scheduled meanwhile must still wait their full delay and keep their order.
        using var reactor = ReactorKinds.Create(kind);
        const int SpinLimit = 1_000_000;
        const int Checks = 200;
        int spins = 0;
        int scheduled = 0;
        var early = new List<string>();
        var ranTimes = new List<double>();

        void Spin()
        {
            spins++;
            if ((scheduled == Checks && ranTimes.Count == Checks) || spins >= SpinLimit)
            {
                reactor.Stop();
                return;
            }

            if (scheduled < Checks && spins % 10 == 0)
            {
                var delay = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond * (scheduled % 5) / 10);
                long start = Stopwatch.GetTimestamp();
                DelayedCall? call = null;
                call = reactor.ScheduleCall(delay, () =>
                {
                    TimeSpan waited = Stopwatch.GetElapsedTime(start);
                    if (waited < delay)
                    {
                        early.Add($"waited {waited.TotalMilliseconds} ms of {delay.TotalMilliseconds} ms");
                    }

                    ranTimes.Add(call!.Time);
                });
                scheduled++;
            }

            reactor.CallLater(TimeSpan.Zero, Spin);
        }

        reactor.CallWhenRunning(() => reactor.CallLater(TimeSpan.Zero, Spin));
        ReactorKinds.RunBounded(reactor);

        Assert.Equal(Checks, ranTimes.Count);
        Assert.Empty(early);
        for (int i = 1; i < ranTimes.Count; i++)
        {
            Assert.True(ranTimes[i - 1] <= ranTimes[i], $"timer {i} (due {ranTimes[i]}) ran after one due at {ranTimes[i - 1]}");
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_thread_call_runs_on_the_next_turn_while_a_CallLater_zero_loop_keeps_a_timer_always_due(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int turns = 0;
        int turnQueued = -1;
        int turnRan = -1;
        using var queued = new ManualResetEventSlim();

        void Spin()
        {
            turns++;
            if (turnRan >= 0)
            {
                reactor.Stop();
                return;
            }

            if (queued.IsSet && turnQueued < 0)
            {
                turnQueued = turns;
            }

            reactor.CallLater(TimeSpan.Zero, Spin);
        }

        reactor.CallWhenRunning(() =>
        {
            reactor.CallLater(TimeSpan.Zero, Spin);
            new Thread(() =>
            {
                reactor.CallFromThread(() => turnRan = turns);
                queued.Set();
            }) { IsBackground = true }.Start();
        });
        ReactorKinds.RunBounded(reactor);

        Assert.True(turnRan >= 0, "the thread call never ran");
        // Seen queued on turn N (its flag was set before the event), it runs at the start of turn N + 1.
        Assert.True(turnQueued < 0 || turnRan <= turnQueued + 1, $"queued by turn {turnQueued}, ran on turn {turnRan}");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void State_passing_CallLater_passes_its_state_and_keeps_FIFO_order_with_plain_calls(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<string>();
        reactor.CallLater(TimeSpan.Zero, () => order.Add("plain 1"));
        reactor.CallLater(TimeSpan.Zero, static s => s.Order.Add(s.Name), (Order: order, Name: "state 2"));
        reactor.CallLater(TimeSpan.Zero, static o => o.Add("state 3"), order);
        reactor.CallLater(TimeSpan.Zero, () => order.Add("plain 4"));
        reactor.CallLater(TimeSpan.FromMilliseconds(20), static r => r.Stop(), reactor);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(new[] { "plain 1", "state 2", "state 3", "plain 4" }, order);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_cancelled_state_passing_call_never_runs_and_no_longer_holds_its_callable(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int ran = 0;
        var call = reactor.ScheduleCall(TimeSpan.FromMilliseconds(5), static (StrongBox<int> box) => box.Value++, new StrongBox<int>());
        var kept = reactor.ScheduleCall(TimeSpan.FromMilliseconds(5), (int n) => ran += n, 7);
        call.Cancel();
        Assert.Throws<AlreadyCancelledException>(() => call.Cancel());
        Assert.DoesNotContain("StrongBox", call.ToString());
        Assert.Contains("called=0 cancelled=1", call.ToString());
        reactor.CallLater(TimeSpan.FromMilliseconds(30), reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(7, ran);
        Assert.True(kept.Called);
        Assert.False(call.Called);
    }

    [Fact]
    public void A_state_passing_call_that_throws_is_logged_with_its_callable_and_the_loop_goes_on()
    {
        var logger = new ListLogger();
        using var reactor = new EpollReactor(logger);
        bool after = false;
        reactor.CallLater(TimeSpan.Zero, static (string message) => throw new InvalidOperationException(message), "boom");
        reactor.CallLater(TimeSpan.FromMilliseconds(5), () =>
        {
            after = true;
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(after);
        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException { Message: "boom" });
    }

    [Fact]
    public void The_clock_runs_state_passing_calls_through_the_interface_default()
    {
        var clock = new Clock();
        IReactorTime time = clock;
        var seen = new List<int>();
        var call = time.CallLater(TimeSpan.FromSeconds(1), static (List<int> list) => list.Add(1), seen);
        time.CallLater(TimeSpan.FromSeconds(2), static (List<int> list) => list.Add(2), seen);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { 1 }, seen);
        Assert.False(call.Active);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { 1, 2 }, seen);
        Assert.Throws<ArgumentNullException>(() => time.CallLater<int>(TimeSpan.Zero, null!, 0));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void State_passing_CallFromThread_is_FIFO_with_plain_thread_calls(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var order = new List<int>();
        reactor.CallWhenRunning(() => new Thread(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                if (i % 2 == 0)
                {
                    reactor.CallFromThread(static s => s.Order.Add(s.I), (Order: order, I: i));
                }
                else
                {
                    int n = i;
                    reactor.CallFromThread(() => order.Add(n));
                }
            }

            reactor.CallFromThread(static r => r.Stop(), reactor);
        }) { IsBackground = true }.Start());
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(System.Linq.Enumerable.Range(0, 200), order);
        Assert.Throws<ArgumentNullException>(() => reactor.CallFromThread<int>(null!, 0));
    }

    private static IReactorFDSet Fd(ReactorBase reactor) => (IReactorFDSet)reactor;

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}
