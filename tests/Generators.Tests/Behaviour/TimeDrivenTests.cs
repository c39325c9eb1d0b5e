using System;
using System.Collections.Generic;
using Torsion.Generators.Tests.Infrastructure;
using Torsion.Testing;

namespace Torsion.Generators.Tests.Behaviour;

/// <summary>Generated methods waiting on Deferreds fired by a Clock and by a real reactor.</summary>
[Collection(BehaviourCollection.Name)]
public sealed class TimeDrivenTests
{
    private readonly LoadedCode _code;

    public TimeDrivenTests(BehaviourFixture fixture)
    {
        _code = fixture.Code;
        _code.Log.Clear();
    }

    private static Deferred<int> Later(IReactorTime time, double seconds, int value)
    {
        var deferred = new Deferred<int>();
        time.CallLater(TimeSpan.FromSeconds(seconds), () => deferred.Callback(value));
        return deferred;
    }

    [Fact]
    public void Clock_driven_Deferreds_resume_the_body_when_the_clock_advances()
    {
        var clock = new Clock();
        var result = (Deferred<int>)_code.CallDeferred("SequenceAsync", Later(clock, 1, 10), Later(clock, 3, 20));
        Assert.Equal(new[] { "start" }, _code.Log);
        clock.Advance(1);
        Assert.Equal(new[] { "start", "a=10" }, _code.Log);
        Assert.False(result.Called);
        clock.Advance(2);
        Assert.Equal(30, result.Result);
        Assert.Equal(new[] { "start", "a=10", "b=20" }, _code.Log);
    }

    [Fact]
    public void Clock_driven_failure_runs_finally_at_the_time_it_arrives()
    {
        var clock = new Clock();
        var failing = new Deferred<int>();
        clock.CallLater(TimeSpan.FromSeconds(2), () => failing.Errback(new TimeoutException("too slow")));
        Deferred result = _code.CallDeferred("GuardedAsync", failing);
        clock.Advance(1);
        Assert.Equal(new[] { "try" }, _code.Log);
        clock.Advance(1);
        Assert.Equal(new[] { "try", "finally" }, _code.Log);
        Assert.True(result.IsFailed);
        Assert.IsType<TimeoutException>(((Failure)result.Result!).Value);
        result.AddErrback((Failure _) => { });
    }

    [Fact]
    public void Reactor_driven_Deferreds_complete_the_body_on_the_reactor_thread()
    {
        IReactor reactor = Reactor.CreateDefault();
        Deferred<int>? result = null;
        var order = new List<string>();
        reactor.CallWhenRunning(() =>
        {
            result = (Deferred<int>)_code.CallDeferred("SequenceAsync", Later(reactor, 0.01, 1), Later(reactor, 0.02, 2));
            result.AddCallback(v =>
            {
                order.Add("done " + v);
                reactor.Stop();
                return v;
            });
        });
        // Bounded: stop after 5 s whatever happens.
        IDelayedCall guard = reactor.CallLater(TimeSpan.FromSeconds(5), () => { order.Add("guard"); reactor.Stop(); });
        reactor.Run(installSignalHandlers: false);
        if (guard.Active)
        {
            guard.Cancel();
        }

        Assert.Equal(new[] { "done 3" }, order);
        Assert.Equal(3, result!.Result);
        Assert.Equal(new[] { "start", "a=1", "b=2" }, _code.Log);
    }
}
