using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Torsion.Testing;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

public sealed class LoopingCallTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static double Now(Clock clock) => Math.Round(clock.Seconds(), 9);

    [Fact]
    public void Constructor_WithNullAction_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new LoopingCall(new Clock(), (Action)null!));
    }

    [Fact]
    public void Constructor_WithNullFunction_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new LoopingCall((Func<object?>)null!));
    }

    [Fact]
    public void Constructor_WithNullClock_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new LoopingCall((IReactorTime)null!, () => { }));
    }

    [Fact]
    public void Clock_GivenToTheConstructor_IsUsed()
    {
        var clock = new Clock();
        var loop = new LoopingCall(clock, () => { });
        Assert.Same(clock, loop.Clock);
    }

    [Fact]
    public void Clock_SetToNull_ThrowsArgumentNull()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        Assert.Throws<ArgumentNullException>(() => loop.Clock = null!);
    }

    [Fact]
    public void Clock_SetThroughTheProperty_IsUsedByStart()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(() => calls++) { Clock = clock };
        loop.Start(S(1));
        clock.Advance(S(1));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Start_WithNow_CallsTheFunctionSynchronously()
    {
        int calls = 0;
        new LoopingCall(new Clock(), () => calls++).Start(S(1));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Start_WithoutNow_MakesTheFirstCallOneIntervalLater()
    {
        var clock = new Clock();
        var times = new List<double>();
        new LoopingCall(clock, () => times.Add(Now(clock))).Start(S(1), now: false);
        Assert.Empty(times);
        clock.Advance(S(0.5));
        Assert.Empty(times);
        clock.Advance(S(0.5));
        Assert.Equal(new[] { 1.0 }, times);
    }

    [Fact]
    public void Start_WhenAlreadyRunning_ThrowsInvalidOperationWithTwistedsMessage()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        loop.Start(S(1));
        var error = Assert.Throws<InvalidOperationException>(() => loop.Start(S(1)));
        Assert.Equal("Tried to start an already running LoopingCall.", error.Message);
    }

    [Fact]
    public void Start_WithNegativeInterval_ThrowsArgumentOutOfRangeAndDoesNotRun()
    {
        int calls = 0;
        var loop = new LoopingCall(new Clock(), () => calls++);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => loop.Start(S(-1)));
        Assert.StartsWith("interval must be >= 0", error.Message, StringComparison.Ordinal);
        Assert.False(loop.Running);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Start_ReturnsAnUnfiredDeferredWhileRunning()
    {
        var clock = new Clock();
        Deferred<LoopingCall> done = new LoopingCall(clock, () => { }).Start(S(1));
        clock.Advance(S(5));
        NoResult(done);
    }

    [Fact]
    public void Loop_CallsOncePerInterval()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        loop.Start(S(0.1));
        clock.Pump(new[] { S(0.05), S(0.1), S(0.1) });
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Loop_WithDelayedStart_CallsOncePerIntervalAfterTheFirstInterval()
    {
        var clock = new Clock();
        int calls = 0;
        new LoopingCall(clock, () => calls++).Start(S(0.1), now: false);
        clock.Pump(new[] { S(0.05), S(0.1), S(0.1) });
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Loop_IgnoresTheFunctionsReturnValue()
    {
        var clock = new Clock();
        int calls = 0;
        new LoopingCall(clock, () => (object?)++calls).Start(S(1));
        clock.Pump(new[] { S(1), S(1) });
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Loop_WithADecimalIntervalStartedOffTheTick_RunsOncePerIntervalAtIncreasingTimes()
    {
        var clock = new Clock();
        clock.Advance(S(0.1));
        var times = new List<double>();
        new LoopingCall(clock, () => times.Add(clock.Seconds())).Start(S(0.3));
        for (int i = 0; i < 100; i++)
        {
            clock.Advance(S(0.3));
        }

        Assert.Equal(101, times.Count);
        for (int i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] > times[i - 1]);
        }
    }

    [Fact]
    public void Loop_WithAVeryLongInterval_SchedulesExactlyOneIntervalAhead()
    {
        var clock = new Clock();
        var loop = new LoopingCall(clock, () => { });
        TimeSpan interval = TimeSpan.FromDays(3650);
        loop.Start(interval);
        IDelayedCall next = Assert.Single(clock.GetDelayedCalls());
        Assert.Equal(interval.TotalSeconds, next.Time, 6);
    }

    [Fact]
    public void Loop_WhenTheFunctionTakesLongerThanAnInterval_SkipsToTheNextFutureBoundary()
    {
        var clock = new Clock();
        var times = new List<double>();
        double callDuration = 2;
        var loop = new LoopingCall(clock, () =>
        {
            times.Add(Now(clock));
            clock.Advance(callDuration);
        });
        loop.Start(S(0.5));
        Assert.Equal(new[] { 0.0 }, times);
        Assert.Equal(2.0, clock.Seconds());

        clock.Advance(0);
        Assert.Equal(new[] { 0.0 }, times);

        callDuration = 1;
        clock.Advance(0.5);
        Assert.Equal(new[] { 0.0, 2.5 }, times);
        Assert.Equal(3.5, clock.Seconds());

        clock.Advance(0);
        Assert.Equal(new[] { 0.0, 2.5 }, times);

        callDuration = 0;
        clock.Advance(0.5);
        Assert.Equal(new[] { 0.0, 2.5, 4.0 }, times);
        Assert.Equal(4.0, clock.Seconds());
    }

    [Fact]
    public void Loop_WhenTheClockJumpsSeveralIntervals_RunsOnceAndSkipsTheMissedOnes()
    {
        var clock = new Clock();
        var times = new List<double>();
        new LoopingCall(clock, () => times.Add(Now(clock))).Start(S(0.5));
        Assert.Equal(new[] { 0.0 }, times);
        clock.Advance(2);
        Assert.Equal(new[] { 0.0, 2.0 }, times);
        clock.Advance(1);
        Assert.Equal(new[] { 0.0, 2.0, 3.0 }, times);
        clock.Advance(0);
        Assert.Equal(new[] { 0.0, 2.0, 3.0 }, times);
    }

    [Fact]
    public void Loop_WithZeroInterval_RunsAgainOnTheSameClockTurnUntilStopped()
    {
        var clock = new Clock();
        int calls = 0;
        LoopingCall? loop = null;
        loop = new LoopingCall(clock, () =>
        {
            calls++;
            if (calls > 5)
            {
                loop!.Stop();
            }
        });
        Deferred<LoopingCall> done = loop.Start(TimeSpan.Zero);
        Assert.Equal(1, calls);
        clock.Advance(0);
        Assert.Equal(6, calls);
        Assert.Same(loop, SuccessOf(done));
    }

    [Fact]
    public void Stop_FiresTheStartDeferredWithTheLoopingCall()
    {
        var clock = new Clock();
        var loop = new LoopingCall(clock, () => { });
        Deferred<LoopingCall> done = loop.Start(S(0.1));
        clock.Pump(new[] { S(0.1), S(0.1) });
        loop.Stop();
        Assert.Same(loop, SuccessOf(done));
    }

    [Fact]
    public void Stop_LeavesNoPendingCallOnTheClock()
    {
        var clock = new Clock();
        var loop = new LoopingCall(clock, () => { });
        loop.Start(S(0.1));
        loop.Stop();
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Stop_BeforeADelayedStart_PreventsEveryCall()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        loop.Start(S(10), now: false);
        loop.Stop();
        clock.Advance(S(100));
        Assert.Equal(0, calls);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Stop_WithZeroIntervalBeforeTheFirstCall_PreventsEveryCall()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        loop.Start(TimeSpan.Zero, now: false);
        loop.Stop();
        clock.Advance(0);
        Assert.Equal(0, calls);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Stop_WhenNotRunning_ThrowsInvalidOperationWithTwistedsMessage()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        var error = Assert.Throws<InvalidOperationException>(loop.Stop);
        Assert.Equal("Tried to stop a LoopingCall that was not running.", error.Message);
    }

    [Fact]
    public void Stop_Twice_ThrowsInvalidOperation()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        loop.Start(S(1));
        loop.Stop();
        Assert.Throws<InvalidOperationException>(loop.Stop);
    }

    [Fact]
    public void Stop_FromInsideTheFunction_FiresTheStartDeferredWhenTheFunctionReturns()
    {
        var clock = new Clock();
        LoopingCall? loop = null;
        bool firedDuringCall = false;
        Deferred<LoopingCall>? done = null;
        loop = new LoopingCall(clock, () =>
        {
            if (done is null)
            {
                return;
            }

            loop!.Stop();
            firedDuringCall = done.Called;
        });
        done = loop.Start(S(1));
        clock.Advance(S(1));
        Assert.False(firedDuringCall);
        Assert.Same(loop, SuccessOf(done));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Stop_WhileAReturnedDeferredIsPending_FiresTheStartDeferredWhenItFires()
    {
        var clock = new Clock();
        var pending = new Deferred();
        var loop = new LoopingCall(clock, () => pending);
        Deferred<LoopingCall> done = loop.Start(S(1));
        loop.Stop();
        NoResult(done);
        pending.Callback(null);
        Assert.Same(loop, SuccessOf(done));
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void Running_IsTrueAfterStartAndFalseAfterStop()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        Assert.False(loop.Running);
        loop.Start(S(1));
        Assert.True(loop.Running);
        loop.Stop();
        Assert.False(loop.Running);
    }

    [Fact]
    public void Running_IsAlreadyFalseWhenTheStartDeferredFires()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        bool? runningInCallback = null;
        loop.Start(S(1)).AddCallback(l => runningInCallback = l.Running);
        loop.Stop();
        Assert.False(runningInCallback);
    }

    [Fact]
    public void Start_AfterStop_RunsTheLoopAgain()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        loop.Start(S(1));
        loop.Stop();
        Deferred<LoopingCall> second = loop.Start(S(1));
        clock.Advance(S(1));
        Assert.Equal(3, calls);
        NoResult(second);
    }

    [Fact]
    public void Reset_SkipsTheNextIterationAndRestartsTheIntervalFromNow()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () => calls++);
        loop.Start(S(2), now: false);
        clock.Advance(S(1));
        loop.Reset();
        clock.Advance(S(1));
        Assert.Equal(0, calls);
        clock.Advance(S(1));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Reset_WhenNotRunning_ThrowsInvalidOperationWithTwistedsMessage()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        var error = Assert.Throws<InvalidOperationException>(loop.Reset);
        Assert.Equal("Tried to reset a LoopingCall that was not running.", error.Message);
    }

    [Fact]
    public void Exception_FromTheFunction_FailsTheStartDeferredAndStopsTheLoop()
    {
        var clock = new Clock();
        int calls = 0;
        var loop = new LoopingCall(clock, () =>
        {
            calls++;
            if (calls == 2)
            {
                throw new TestException("second call");
            }
        });
        Deferred<LoopingCall> done = loop.Start(S(1));
        clock.Advance(S(1));
        Failure failure = FailureOf<TestException>(done);
        Assert.Equal("second call", failure.Value.Message);
        Assert.False(loop.Running);
        Assert.Empty(clock.GetDelayedCalls());
        clock.Advance(S(10));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Exception_FromTheImmediateFirstCall_ReturnsAnAlreadyFailedDeferred()
    {
        var loop = new LoopingCall(new Clock(), () => throw new TestException());
        Deferred<LoopingCall> done = loop.Start(S(1));
        FailureOf<TestException>(done);
        Assert.False(loop.Running);
    }

    [Fact]
    public void Exception_AfterStopInsideTheFunction_StillFailsTheStartDeferred()
    {
        var clock = new Clock();
        LoopingCall? loop = null;
        loop = new LoopingCall(clock, () =>
        {
            loop!.Stop();
            throw new TestException();
        });
        FailureOf<TestException>(loop.Start(S(0.1)));
    }

    [Fact]
    public void Exception_KeepsItsOriginalStackTrace()
    {
        var loop = new LoopingCall(new Clock(), ThrowFromANamedMethod);
        Failure failure = FailureOf<TestException>(loop.Start(S(1)));
        Assert.Contains(nameof(ThrowFromANamedMethod), failure.Value.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void UnhandledFailure_OfADroppedStartDeferred_IsReported()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        StartALoopThatFailsAndDropItsDeferred();
        IReadOnlyList<Failure> reported = capture.Flush(typeof(TestException));
        Assert.Single(reported);
    }

    [Fact]
    public void ReturnedDeferred_DelaysTheNextCallUntilItFires()
    {
        var clock = new Clock();
        var times = new List<double>();
        Deferred? pending = null;
        var loop = new LoopingCall(clock, () =>
        {
            times.Add(Now(clock));
            pending = new Deferred();
            return pending;
        });
        loop.Start(S(1));
        clock.Advance(S(5));
        Assert.Equal(new[] { 0.0 }, times);
        pending!.Callback(null);
        Assert.Equal(new[] { 0.0 }, times);
        clock.Advance(S(1));
        Assert.Equal(new[] { 0.0, 6.0 }, times);
    }

    [Fact]
    public void ReturnedDeferred_ThatFiresLater_LetsTheLoopStopItselfWithNothingPending()
    {
        var clock = new Clock();
        LoopingCall? loop = null;
        loop = new LoopingCall(clock, () =>
        {
            var d = new Deferred();
            d.AddCallback(_ => loop!.Stop());
            clock.CallLater(S(1), () => d.Callback(null));
            return d;
        });
        Deferred<LoopingCall> done = loop.Start(S(0.2));
        clock.Pump(new[] { S(0.2), S(0.8) });
        Assert.Empty(clock.GetDelayedCalls());
        Assert.Same(loop, SuccessOf(done));
    }

    [Fact]
    public void ReturnedDeferred_ThatFails_FailsTheStartDeferredAndStopsTheLoop()
    {
        var clock = new Clock();
        var loop = new LoopingCall(clock, () =>
        {
            var d = new Deferred();
            clock.CallLater(S(0.3), () => d.Errback(new TestException()));
            return d;
        });
        Deferred<LoopingCall> done = loop.Start(S(1));
        clock.Advance(S(0.3));
        FailureOf<TestException>(done);
        Assert.False(loop.Running);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void ReturnedTypedDeferred_DelaysTheNextCallUntilItFires()
    {
        var clock = new Clock();
        int calls = 0;
        Deferred<int>? pending = null;
        var loop = new LoopingCall(clock, () =>
        {
            calls++;
            pending = new Deferred<int>();
            return pending;
        });
        loop.Start(S(1));
        clock.Advance(S(3));
        Assert.Equal(1, calls);
        pending!.Callback(7);
        clock.Advance(S(1));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Interval_IsNullBeforeTheFirstStart()
    {
        Assert.Null(new LoopingCall(new Clock(), () => { }).Interval);
    }

    [Fact]
    public void Interval_IsTheOneGivenToStart()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        loop.Start(S(2.5));
        Assert.Equal(S(2.5), loop.Interval);
    }

    [Fact]
    public void Interval_SetToANegativeValue_ThrowsArgumentOutOfRange()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.Interval = S(-1));
    }

    [Fact]
    public void Interval_SetToNull_ThrowsArgumentNull()
    {
        var loop = new LoopingCall(new Clock(), () => { });
        Assert.Throws<ArgumentNullException>(() => loop.Interval = null);
    }

    [Fact]
    public void ToString_BeforeStart_ShowsNoneAndTheFunctionName()
    {
        var loop = new LoopingCall(new Clock(), Nothing);
        Assert.Equal("LoopingCall<None>(LoopingCallTests.Nothing)", loop.ToString());
    }

    [Fact]
    public void ToString_AfterStart_ShowsTheIntervalInSeconds()
    {
        var loop = new LoopingCall(new Clock(), Nothing);
        loop.Start(S(3));
        Assert.Equal("LoopingCall<3.0>(LoopingCallTests.Nothing)", loop.ToString());
    }

    [Fact]
    public void WithCount_PassesTheNumberOfIntervalsSinceTheLastCall()
    {
        var clock = new Clock();
        var calls = new List<(double Time, int Count)>();
        var loop = LoopingCall.WithCount(clock, count => calls.Add((Now(clock), count)));
        loop.Start(S(0.5));
        Assert.Equal(new[] { (0.0, 1) }, calls);
        clock.Advance(0.51);
        Assert.Equal(new[] { (0.0, 1), (0.51, 1) }, calls);
        clock.Advance(1.51);
        Assert.Equal(new[] { (0.0, 1), (0.51, 1), (2.02, 3) }, calls);
        clock.Advance(0);
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public void WithCount_CountsOnlyBoundariesCrossed_NotElapsedTime()
    {
        var clock = new Clock();
        var calls = new List<(double Time, int Count)>();
        var loop = LoopingCall.WithCount(clock, count => calls.Add((Now(clock), count)));
        loop.Start(S(0.5));
        clock.Advance(0.51);
        clock.Advance(0.875);
        clock.Advance(0.125);
        Assert.Equal(new[] { (0.0, 1), (0.51, 1), (1.385, 1), (1.51, 1) }, calls);
    }

    [Fact]
    public void WithCount_WithAnIntervalThatIsInexactInBinary_NeverPassesZeroAndCountsEveryInterval()
    {
        var clock = new Clock();
        var counts = new List<int>();
        var loop = LoopingCall.WithCount(clock, counts.Add);
        loop.Start(S(0.1), now: false);
        for (int i = 0; i < 10; i++)
        {
            clock.Advance(0.1);
        }

        Assert.Equal(10, counts.Sum());
        Assert.DoesNotContain(0, counts);
    }

    [Fact]
    public void WithCount_WithZeroInterval_AlwaysPassesOne()
    {
        var clock = new Clock();
        var counts = new List<int>();
        LoopingCall? loop = null;
        loop = LoopingCall.WithCount(clock, count =>
        {
            counts.Add(count);
            if (counts.Count > 4)
            {
                loop!.Stop();
            }
        });
        Deferred<LoopingCall> done = loop.Start(TimeSpan.Zero, now: false);
        clock.Advance(0);
        SuccessOf(done);
        Assert.Equal(new[] { 1, 1, 1, 1, 1 }, counts);
    }

    [Fact]
    public void WithCount_WithZeroIntervalAndAReturnedDeferred_StillPassesOneAfterTheWait()
    {
        var clock = new Clock();
        var pending = new Deferred();
        var counts = new List<int>();
        LoopingCall? loop = null;
        loop = LoopingCall.WithCount(clock, count =>
        {
            counts.Add(count);
            if (counts.Count == 2)
            {
                return pending;
            }

            if (counts.Count > 4)
            {
                loop!.Stop();
            }

            return null;
        });
        loop.Start(TimeSpan.Zero, now: false);
        clock.Advance(0);
        Assert.Equal(new[] { 1, 1 }, counts);
        clock.Advance(2);
        Assert.Equal(new[] { 1, 1 }, counts);
        pending.Callback(null);
        clock.Advance(0);
        Assert.Equal(new[] { 1, 1, 1, 1, 1 }, counts);
    }

    [Fact]
    public void WithCount_AfterTheIntervalChangesFromZero_CountsSkippedIntervalsSinceTheLastCall()
    {
        var clock = new Clock();
        var pending = new Deferred();
        var counts = new List<int>();
        var loop = LoopingCall.WithCount(clock, count =>
        {
            counts.Add(count);
            return counts.Count == 2 ? pending : null;
        });
        loop.Start(TimeSpan.Zero, now: false);
        clock.Advance(10);
        Assert.Equal(new[] { 1, 1 }, counts);
        loop.Interval = S(2);
        pending.Callback(null);
        clock.Advance(7);
        Assert.Equal(new[] { 1, 1, 3 }, counts);
        clock.Advance(2);
        Assert.Equal(new[] { 1, 1, 3, 1 }, counts);
        clock.Advance(4);
        Assert.Equal(new[] { 1, 1, 3, 1, 2 }, counts);
    }

    [Fact]
    public void WithCount_WhenAReturnedDeferredOutlastsIntervals_DoesNotCallAgainUntilItFiresAndCountsTheSkips()
    {
        var clock = new Clock();
        var pending = new Deferred();
        var counts = new List<int>();
        var loop = LoopingCall.WithCount(clock, count =>
        {
            counts.Add(count);
            return counts.Count == 1 ? pending : null;
        });
        loop.Start(S(0.2), now: false);
        Assert.Empty(counts);
        clock.Pump(new[] { 0.2, 0.4 });
        Assert.Single(counts);
        pending.Callback(null);
        clock.Pump(new[] { 0.2 });
        Assert.Equal(new[] { 1, 3 }, counts);
    }

    [Fact]
    public void WithCount_WithNullCallable_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => LoopingCall.WithCount((Action<int>)null!));
    }

    private static void Nothing()
    {
    }

    private static void ThrowFromANamedMethod() => throw new TestException();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartALoopThatFailsAndDropItsDeferred()
    {
        new LoopingCall(new Clock(), () => throw new TestException()).Start(S(1));
    }
}
