using System;
using System.Collections.Generic;
using System.Linq;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

/// <summary>
/// The task helpers on a real reactor (the platform default), with short intervals. Each test stops
/// the reactor itself and has a 30-second safety stop, so it always ends; nothing asserts on timing.
/// </summary>
public sealed class RealReactorTaskTests
{
    private static readonly TimeSpan SafetyStop = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="main"/> once the reactor runs, then runs the reactor until stopped.</summary>
    private static void RunReactor(Action<IReactor> main)
    {
        IReactor reactor = Reactor.CreateDefault();
        try
        {
            IDelayedCall safety = reactor.CallLater(SafetyStop, reactor.Stop);
            reactor.CallWhenRunning(() => main(reactor));
            reactor.Run(installSignalHandlers: false);
            Assert.True(safety.Active, "The test did not stop the reactor; the safety stop did.");
            safety.Cancel();
        }
        finally
        {
            (reactor as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void LoopingCall_OnARealReactor_CallsRepeatedlyUntilStopped()
    {
        int calls = 0;
        Deferred<LoopingCall>? done = null;
        LoopingCall? loop = null;
        RunReactor(reactor =>
        {
            loop = new LoopingCall(reactor, () =>
            {
                calls++;
                if (calls == 3)
                {
                    loop!.Stop();
                }
            });
            done = loop.Start(TimeSpan.FromMilliseconds(10), now: false);
            done.AddCallback(stopped =>
            {
                reactor.Stop();
                return stopped;
            });
        });
        Assert.Equal(3, calls);
        Assert.Same(loop, SuccessOf(done!));
    }

    [Fact]
    public void LoopingCall_OnARealReactorWithZeroInterval_RunsOncePerReactorTurnUntilStopped()
    {
        int calls = 0;
        RunReactor(reactor =>
        {
            LoopingCall? loop = null;
            loop = new LoopingCall(reactor, () =>
            {
                if (++calls == 100)
                {
                    loop!.Stop();
                }
            });
            loop.Start(TimeSpan.Zero).AddCallback(_ => reactor.Stop());
        });
        Assert.Equal(100, calls);
    }

    [Fact]
    public void DeferLater_OnARealReactor_FiresWithTheFunctionsResult()
    {
        Deferred<int>? result = null;
        RunReactor(reactor =>
        {
            result = reactor.DeferLater(TimeSpan.FromMilliseconds(5), () => 42);
            result.AddCallback(value =>
            {
                reactor.Stop();
                return value;
            });
        });
        Assert.Equal(42, SuccessOf(result!));
    }

    [Fact]
    public void Cooperator_OnARealReactor_RunsSeveralIteratorsToCompletion()
    {
        var seen = new List<int>();
        IEnumerable<object?> Work(int offset)
        {
            for (int i = 0; i < 1000; i++)
            {
                seen.Add(offset + i);
                yield return null;
            }
        }

        RunReactor(reactor =>
        {
            var cooperator = new Cooperator(reactor);
            Deferred<IEnumerator<object?>> first = cooperator.CoIterate(Work(0));
            Deferred<IEnumerator<object?>> second = cooperator.CoIterate(Work(1000));
            first.AddCallback(_ => second.AddCallback(_ => reactor.Stop()));
        });
        Assert.Equal(Enumerable.Range(0, 2000), seen.Order());
    }
}
