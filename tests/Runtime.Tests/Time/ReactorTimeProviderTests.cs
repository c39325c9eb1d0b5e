using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Time;

/// <summary>
/// <see cref="ReactorTimeProvider"/> on every real reactor: .NET's timer users wait on reactor time and their
/// timer callbacks run on the reactor thread. Each test stops the reactor itself (a 30 s safety stop fails
/// it otherwise); nothing asserts an upper bound on time.
/// </summary>
public sealed class ReactorTimeProviderTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(30);

    /// <summary>Runs <paramref name="main"/> once the reactor runs, then the reactor until something stops it.</summary>
    private static void Run(string kind, Action<ReactorBase, TimeProvider> main)
    {
        using ReactorBase reactor = ReactorKinds.Create(kind);
        reactor.CallWhenRunning(() => main(reactor, reactor.AsTimeProvider()));
        ReactorKinds.RunBounded(reactor);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void TaskDelay_OnReactorTime_CompletesOnTheReactorThreadAfterTheDelay(string kind)
    {
        bool? completedOnReactor = null;
        TimeSpan elapsed = default;
        TaskStatus status = default;
        Run(kind, (reactor, provider) =>
        {
            long start = provider.GetTimestamp();
            Task.Delay(Short, provider).ContinueWith(
                task =>
                {
                    completedOnReactor = reactor.IsReactorThread;
                    elapsed = provider.GetElapsedTime(start);
                    status = task.Status;
                    reactor.Stop();
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        });
        Assert.Equal(TaskStatus.RanToCompletion, status);
        Assert.True(completedOnReactor);
        Assert.True(elapsed >= Short, $"completed after {elapsed}, before the {Short} delay");
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CancellationTokenSource_WithDelayOnReactorTime_CancelsOnTheReactorThread(string kind)
    {
        bool? cancelledOnReactor = null;
        TimeSpan elapsed = default;
        CancellationTokenSource? source = null;
        Run(kind, (reactor, provider) =>
        {
            long start = provider.GetTimestamp();
            source = new CancellationTokenSource(Short, provider);
            source.Token.Register(() =>
            {
                cancelledOnReactor = reactor.IsReactorThread;
                elapsed = provider.GetElapsedTime(start);
                reactor.Stop();
            });
        });
        Assert.True(source!.IsCancellationRequested);
        Assert.True(cancelledOnReactor);
        Assert.True(elapsed >= Short, $"cancelled after {elapsed}, before the {Short} delay");
        source.Dispose();
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void PeriodicTimer_OnReactorTime_TicksOnTheReactorUntilDisposed(string kind)
    {
        var ticksOnReactor = new List<bool>();
        TimeSpan elapsed = default;
        bool? afterDispose = null;
        Run(kind, (reactor, provider) =>
        {
            async Task Loop()
            {
                long start = provider.GetTimestamp();
                var timer = new PeriodicTimer(Short, provider);
                while (ticksOnReactor.Count < 3 && await timer.WaitForNextTickAsync())
                {
                    // The reactor's synchronization context brings every await back to the reactor thread.
                    ticksOnReactor.Add(reactor.IsReactorThread);
                }

                elapsed = provider.GetElapsedTime(start);
                timer.Dispose();
                afterDispose = await timer.WaitForNextTickAsync();
                reactor.Stop();
            }

            _ = Loop();
        });
        Assert.Equal(new[] { true, true, true }, ticksOnReactor.ToArray());
        Assert.True(elapsed >= 3 * Short, $"three ticks after {elapsed}, before three periods of {Short}");
        Assert.False(afterDispose);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CreateTimer_Periodic_PassesItsStateOnTheReactorThread_AndChangeAfterDisposeIsFalse(string kind)
    {
        var state = new object();
        var calls = new List<(object? State, bool OnReactor)>();
        bool? changeAfterDispose = null;
        Run(kind, (reactor, provider) =>
        {
            ITimer? timer = null;
            timer = provider.CreateTimer(s =>
            {
                calls.Add((s, reactor.IsReactorThread));
                if (calls.Count == 3)
                {
                    timer!.Dispose();
                    changeAfterDispose = timer.Change(Short, Short);
                    reactor.CallLater(TimeSpan.FromMilliseconds(100), reactor.Stop);
                }
            }, state, Short, TimeSpan.FromMilliseconds(5));
        });
        Assert.Equal(3, calls.Count);           // the 100 ms after Dispose brought no more ticks
        Assert.All(calls, call => Assert.Same(state, call.State));
        Assert.All(calls, call => Assert.True(call.OnReactor));
        Assert.False(changeAfterDispose);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Timer_ChangedAndDisposedFromOtherThreads_ReachesTheReactor(string kind)
    {
        int fired = 0;
        bool? firedOnReactor = null;
        int firedAfterDispose = 0;
        Run(kind, (reactor, provider) =>
        {
            // Created on another thread, disabled; then armed from another thread. (Dedicated threads, not
            // the thread pool, so that a busy pool cannot delay them.)
            ITimer? timer = null;
            OnOtherThread(() => timer = provider.CreateTimer(_ =>
            {
                fired++;
                firedOnReactor = reactor.IsReactorThread;
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
            OnOtherThread(() => Assert.True(timer!.Change(Short, Timeout.InfiniteTimeSpan)));

            ITimer disposed = provider.CreateTimer(_ => firedAfterDispose++, null, Short, Short);
            OnOtherThread(disposed.Dispose);

            reactor.CallLater(TimeSpan.FromMilliseconds(300), () =>
            {
                timer!.Dispose();
                reactor.Stop();
            });
        });
        Assert.Equal(1, fired);
        Assert.True(firedOnReactor);
        Assert.Equal(0, firedAfterDispose);
    }

    /// <summary>Runs <paramref name="action"/> on a new thread and waits for it (rethrowing what it threw).</summary>
    private static void OnOtherThread(Action action)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("the other thread failed", error);
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void DisposeAsync_FromAnotherThread_CompletesOnlyAfterTheRunningCallbackReturns(string kind)
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        bool? completedWhileRunning = null;
        bool completedAfterwards = false;
        Thread? disposer = null;
        Run(kind, (reactor, provider) =>
        {
            ITimer timer = provider.CreateTimer(_ =>
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(10));      // the test holds the reactor in the callback
            }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            disposer = new Thread(() =>
            {
                entered.Wait(TimeSpan.FromSeconds(10));
                ValueTask disposing = timer.DisposeAsync();
                completedWhileRunning = disposing.IsCompleted;
                release.Set();
                completedAfterwards = disposing.AsTask().Wait(TimeSpan.FromSeconds(10));
                reactor.CallFromThread(reactor.Stop);
            });
            disposer.Start();
        });
        disposer!.Join();
        Assert.False(completedWhileRunning);
        Assert.True(completedAfterwards);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Timer_CreatedBeforeTheReactorRuns_FiresOnceItRuns(string kind)
    {
        using ReactorBase reactor = ReactorKinds.Create(kind);
        TimeProvider provider = reactor.AsTimeProvider();
        bool? onReactor = null;
        using ITimer timer = provider.CreateTimer(_ =>
        {
            onReactor = reactor.IsReactorThread;
            reactor.Stop();
        }, null, Short, Timeout.InfiniteTimeSpan);
        ReactorKinds.RunBounded(reactor);
        Assert.True(onReactor);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Timers_ChangedAndDisposedConcurrentlyFromManyThreads_NeverFailAndStopForGood(string kind)
    {
        var logger = new ListLogger();
        using ReactorBase reactor = ReactorKinds.Create(kind, logger);
        TimeProvider provider = reactor.AsTimeProvider();
        const int TimerCount = 20;
        var timers = new ITimer[TimerCount];
        int callbacks = 0;
        bool offReactor = false;
        for (int i = 0; i < TimerCount; i++)
        {
            timers[i] = provider.CreateTimer(_ =>
            {
                Interlocked.Increment(ref callbacks);
                offReactor |= !reactor.IsReactorThread;
            }, null, TimeSpan.FromMilliseconds(i % 5), TimeSpan.FromMilliseconds(1 + (i % 3)));
        }

        int afterDispose = -1;
        var workers = new Thread[4];
        reactor.CallWhenRunning(() =>
        {
            for (int w = 0; w < workers.Length; w++)
            {
                int seed = w;
                workers[w] = new Thread(() =>
                {
                    var random = new Random(seed);
                    // At least 500 changes each, and on until the timers have fired 100 times (bounded: 5,000 changes).
                    for (int op = 0; op < 500 || (Volatile.Read(ref callbacks) < 100 && op < 5000); op++)
                    {
                        if (op % 5 == 4)
                        {
                            Thread.Sleep(1);
                        }

                        ITimer timer = timers[random.Next(TimerCount)];
                        timer.Change(TimeSpan.FromMilliseconds(random.Next(0, 5)), random.Next(3) == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(random.Next(1, 4)));
                    }
                });
                workers[w].Start();
            }

            var joiner = new Thread(() =>
            {
                foreach (Thread worker in workers)
                {
                    worker.Join();
                }

                foreach (ITimer timer in timers)
                {
                    timer.Dispose();
                }

                // Every Dispose has reached the reactor once this call runs (calls from one thread run in order).
                reactor.CallFromThread(() =>
                {
                    int atDispose = Volatile.Read(ref callbacks);
                    reactor.CallLater(TimeSpan.FromMilliseconds(50), () =>
                    {
                        afterDispose = Volatile.Read(ref callbacks) - atDispose;
                        reactor.Stop();
                    });
                });
            });
            joiner.Start();
        });
        ReactorKinds.RunBounded(reactor);

        Assert.Empty(logger.Entries);
        Assert.False(offReactor);
        Assert.True(callbacks >= 100, $"only {callbacks} callbacks ran while the timers were changed");
        Assert.Equal(0, afterDispose);
        Assert.All(timers, timer => Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero)));
    }

    [Fact]
    public void Clock_IsTheReactorsClock()
    {
        using ReactorBase reactor = ReactorKinds.Create("poll");
        TimeProvider provider = reactor.AsTimeProvider();
        Assert.Same(provider, reactor.AsTimeProvider());
        Assert.Same(reactor, ((ReactorTimeProvider)provider).Time);
        Assert.Equal(TimeSpan.TicksPerSecond, provider.TimestampFrequency);

        double seconds = reactor.Seconds();
        long timestamp = provider.GetTimestamp();
        Assert.InRange(timestamp / (double)TimeSpan.TicksPerSecond - seconds, 0, 1);

        // UTC moves by exactly the reactor time that passed.
        DateTimeOffset utc1 = provider.GetUtcNow();
        long t1 = provider.GetTimestamp();
        Thread.Sleep(20);
        DateTimeOffset utc2 = provider.GetUtcNow();
        long t2 = provider.GetTimestamp();
        Assert.True(utc2 > utc1);
        Assert.InRange(((utc2 - utc1) - TimeSpan.FromTicks(t2 - t1)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.InRange((provider.GetUtcNow() - DateTimeOffset.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Constructor_RejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => new ReactorTimeProvider(null!));
        Assert.Throws<ArgumentNullException>(() => ((IReactorTime)null!).AsTimeProvider());
    }
}
