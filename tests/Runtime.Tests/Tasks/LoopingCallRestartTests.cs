using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Torsion.Testing;

namespace Torsion.Tests.Tasks;

/// <summary>Issue 8, item 9: Stop-then-Start inside the loop's own function, and interval zero on the test Clock.</summary>
public sealed class LoopingCallRestartTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Stop_then_Start_inside_the_function_ends_the_first_loop_and_runs_exactly_one_loop()
    {
        var clock = new Clock();
        var calls = new List<double>();
        LoopingCall loop = null!;
        Deferred<LoopingCall>? second = null;
        loop = new LoopingCall(clock, () =>
        {
            calls.Add(clock.Seconds());
            if (calls.Count == 2)
            {
                loop.Stop();
                second = loop.Start(S(5), now: false);
            }
        });

        Deferred<LoopingCall> first = loop.Start(S(1));
        Assert.Equal(new[] { 0.0 }, calls);
        clock.Advance(S(1));

        // The first loop ended when the iteration that stopped it finished.
        Assert.True(first.HasResult);
        Assert.Same(loop, first.Result);
        Assert.NotNull(second);
        Assert.False(second!.Called);
        Assert.True(loop.Running);
        Assert.Single(clock.GetDelayedCalls());

        // Only the new loop runs, on its own interval from when it began.
        clock.Advance(S(1));
        clock.Advance(S(1));
        Assert.Equal(new[] { 0.0, 1.0 }, calls);
        clock.Advance(S(3));
        Assert.Equal(new[] { 0.0, 1.0, 6.0 }, calls);
        clock.Advance(S(5));
        Assert.Equal(new[] { 0.0, 1.0, 6.0, 11.0 }, calls);
        Assert.Single(clock.GetDelayedCalls());

        loop.Stop();
        Assert.Same(loop, second.Result);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Stop_then_Start_now_inside_the_function_calls_it_again_after_the_iteration_not_inside_it()
    {
        var clock = new Clock();
        int depth = 0;
        int maxDepth = 0;
        int calls = 0;
        LoopingCall loop = null!;
        Deferred<LoopingCall>? first = null;
        bool firstFiredBeforeSecondLoopRan = false;
        loop = new LoopingCall(clock, () =>
        {
            depth++;
            maxDepth = Math.Max(maxDepth, depth);
            calls++;
            if (calls == 2)
            {
                firstFiredBeforeSecondLoopRan = first!.Called;
            }

            if (calls == 1)
            {
                loop.Stop();
                loop.Start(S(1), now: true);
            }

            depth--;
        });

        first = loop.Start(S(1), now: false);
        clock.Advance(S(1));
        Assert.Equal(2, calls);
        Assert.Equal(1, maxDepth);
        Assert.True(firstFiredBeforeSecondLoopRan);
        Assert.Same(loop, first.Result);
        Assert.Single(clock.GetDelayedCalls());
        loop.Stop();
    }

    [Fact]
    public void Stop_Start_Stop_inside_the_function_fires_both_Deferreds_and_leaves_nothing_scheduled()
    {
        var clock = new Clock();
        LoopingCall loop = null!;
        Deferred<LoopingCall>? second = null;
        loop = new LoopingCall(clock, () =>
        {
            loop.Stop();
            second = loop.Start(S(1));
            loop.Stop();
        });

        Deferred<LoopingCall> first = loop.Start(S(1));
        Assert.Same(loop, first.Result);
        Assert.Same(loop, second!.Result);
        Assert.False(loop.Running);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void A_failure_after_Stop_then_Start_fails_the_first_loop_and_the_new_loop_goes_on()
    {
        var clock = new Clock();
        int calls = 0;
        LoopingCall loop = null!;
        Deferred<LoopingCall>? second = null;
        loop = new LoopingCall(clock, () =>
        {
            calls++;
            if (calls == 1)
            {
                loop.Stop();
                second = loop.Start(S(1), now: false);
                throw new InvalidOperationException("after restart");
            }
        });

        Deferred<LoopingCall> first = loop.Start(S(1));
        Assert.True(first.IsFailed);
        Assert.IsType<InvalidOperationException>(first.CurrentFailure!.Value);
        first.MarkFailureHandled();
        Assert.True(loop.Running);
        clock.Advance(S(1));
        Assert.Equal(2, calls);
        loop.Stop();
        Assert.Same(loop, second!.Result);
    }

    [Fact]
    public async Task Interval_zero_on_the_test_Clock_fails_the_loop_instead_of_never_letting_Advance_return()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        Deferred<LoopingCall> started = loop.Start(TimeSpan.Zero);
        Assert.Equal(1, calls);

        // Bounded: before the fix Advance(0) never returned.
        Task advance = Task.Run(() => clock.Advance(TimeSpan.Zero));
        Task finished = await Task.WhenAny(advance, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(advance, finished);
        await advance;

        Assert.True(started.IsFailed);
        var error = Assert.IsType<InvalidOperationException>(started.CurrentFailure!.Value);
        Assert.Contains("interval 0", error.Message);
        started.MarkFailureHandled();
        Assert.False(loop.Running);
        Assert.Empty(clock.GetDelayedCalls());
        Assert.Equal(LoopingCall.MaxZeroIntervalCallsPerInstant + 1, calls);
    }

    [Fact]
    public void Interval_zero_on_the_test_Clock_still_runs_again_at_the_same_instant_as_Twisted_does()
    {
        var clock = new Clock();
        int calls = 0;
        LoopingCall loop = null!;
        loop = new LoopingCall(clock, () =>
        {
            if (++calls == 100)
            {
                loop.Stop();
            }
        });
        Deferred<LoopingCall> started = loop.Start(TimeSpan.Zero);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(100, calls);
        Assert.Same(loop, started.Result);

        // The count is per instant: a loop restarted later gets the whole allowance again.
        calls = 0;
        clock.Advance(TimeSpan.FromSeconds(1));
        started = loop.Start(TimeSpan.Zero);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(100, calls);
        Assert.Same(loop, started.Result);
    }
}
