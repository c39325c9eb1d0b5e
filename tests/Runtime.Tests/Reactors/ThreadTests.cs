using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Tests.Reactors;

public class ThreadTests
{
    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CallFromThread_from_many_threads_runs_everything_on_the_reactor_thread_in_fifo_order_per_sender(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        const int Senders = 4;
        const int PerSender = 2_000;
        var received = new List<(int Sender, int Index)>();
        bool allOnReactorThread = true;
        Thread? reactorThread = null;
        reactor.CallWhenRunning(() =>
        {
            reactorThread = Thread.CurrentThread;
            for (int s = 0; s < Senders; s++)
            {
                int sender = s;
                new Thread(() =>
                {
                    for (int i = 0; i < PerSender; i++)
                    {
                        int index = i;
                        reactor.CallFromThread(() =>
                        {
                            allOnReactorThread &= Thread.CurrentThread == reactorThread;
                            received.Add((sender, index));
                            if (received.Count == Senders * PerSender)
                            {
                                reactor.Stop();
                            }
                        });
                    }
                }) { IsBackground = true }.Start();
            }
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(allOnReactorThread);
        for (int s = 0; s < Senders; s++)
        {
            Assert.Equal(Enumerable.Range(0, PerSender), received.Where(r => r.Sender == s).Select(r => r.Index));
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CallFromThread_before_Run_waits_for_Run(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        var t = new Thread(() => reactor.CallFromThread(() => ran = true));
        t.Start();
        t.Join();
        Assert.False(ran);
        reactor.CallWhenRunning(() => reactor.CallFromThread(reactor.Stop));
        ReactorKinds.RunBounded(reactor);
        Assert.True(ran);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_blocked_loop_is_woken_by_CallFromThread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        bool ran = false;
        reactor.CallWhenRunning(() => new Thread(() =>
        {
            Thread.Sleep(20);
            reactor.CallFromThread(() =>
            {
                ran = true;
                reactor.Stop();
            });
        }).Start());
        // No timer except the RunBounded guard: only the waker can end the wait early.
        ReactorKinds.RunBounded(reactor);
        Assert.True(ran);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Every_CallFromThread_wakes_a_loop_that_has_nothing_else_to_do(string kind)
    {
        // A ping-pong with a foreign thread: each call is queued while the loop is about to wait, is
        // waiting, or is just done waiting, with no timer but the RunBounded guard to end a wait. A
        // lost wake-up leaves the loop asleep and the guard fails the test.
        using var reactor = ReactorKinds.Create(kind);
        const int Rounds = 1_000;
        int handled = 0;
        using var answered = new SemaphoreSlim(0);
        Exception? senderError = null;
        reactor.CallWhenRunning(() => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < Rounds; i++)
                {
                    // Every third round queues two calls back to back, to cover a wake-up already pending.
                    int calls = i % 3 == 0 ? 2 : 1;
                    for (int c = 0; c < calls; c++)
                    {
                        reactor.CallFromThread(() =>
                        {
                            handled++;
                            answered.Release();
                        });
                    }

                    for (int c = 0; c < calls; c++)
                    {
                        if (!answered.Wait(TimeSpan.FromSeconds(30)))
                        {
                            throw new TimeoutException("round " + i + " was not answered");
                        }
                    }
                }
            }
            catch (Exception e)
            {
                senderError = e;
            }

            reactor.CallFromThread(reactor.Stop);
        }) { IsBackground = true }.Start());
        ReactorKinds.RunBounded(reactor, limitSeconds: 60);
        Assert.Null(senderError);
        Assert.Equal(Rounds + ((Rounds + 2) / 3), handled);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Reactor_methods_called_from_a_foreign_thread_while_running_throw_NotOnReactorThread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var errors = new List<Exception?>();
        reactor.CallWhenRunning(() =>
        {
            new Thread(() =>
            {
                errors.Add(Record.Exception(() => reactor.CallLater(TimeSpan.Zero, () => { })));
                errors.Add(Record.Exception(reactor.Stop));
                errors.Add(Record.Exception(() => reactor.AddSystemEventTrigger(SystemEventPhase.Before, "x", () => { })));
                errors.Add(Record.Exception(() => reactor.CallInThread(() => { })));
                reactor.CallFromThread(reactor.Stop);
            }).Start();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.IsType<NotOnReactorThreadException>(e));
        Assert.Contains("CallFromThread", errors[0]!.Message);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void CallInThread_runs_off_the_reactor_thread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Thread? worker = null;
        Thread? loop = null;
        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            reactor.CallInThread(() =>
            {
                worker = Thread.CurrentThread;
                reactor.CallFromThread(reactor.Stop);
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.NotNull(worker);
        Assert.NotSame(loop, worker);
        Assert.StartsWith("Torsion.Reactor", worker!.Name);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void DeferToThread_delivers_the_result_on_the_reactor_thread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int result = 0;
        Thread? computedOn = null;
        Thread? deliveredOn = null;
        Thread? loop = null;
        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            reactor.DeferToThread(() =>
            {
                computedOn = Thread.CurrentThread;
                return 6 * 7;
            }).AddCallback(value =>
            {
                deliveredOn = Thread.CurrentThread;
                result = value;
                reactor.Stop();
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(42, result);
        Assert.Same(loop, deliveredOn);
        Assert.NotSame(loop, computedOn);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void DeferToThread_fails_with_what_the_function_threw_on_the_reactor_thread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Failure? failure = null;
        Thread? loop = null;
        Thread? deliveredOn = null;
        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            reactor.DeferToThread<int>(() => throw new FormatException("bad")).AddErrback(f =>
            {
                deliveredOn = Thread.CurrentThread;
                failure = f;
                reactor.Stop();
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.IsType<FormatException>(failure!.Value);
        Assert.Same(loop, deliveredOn);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_returns_values_waits_for_Deferreds_and_rethrows_failures(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        int direct = 0;
        string? viaDeferred = null;
        Exception? thrown = null;
        Exception? onReactorThread = null;
        reactor.CallWhenRunning(() =>
        {
#pragma warning disable TRS2007 // on purpose: the test checks the run-time refusal on the reactor thread
            onReactorThread = Record.Exception(() => reactor.BlockingCallFromThread(() => 1));
#pragma warning restore TRS2007
            reactor.CallInThread(() =>
            {
                direct = reactor.BlockingCallFromThread(() => reactor.Running ? 7 : -1);
                viaDeferred = reactor.BlockingCallFromThread<string>(() =>
                {
                    var d = new Deferred<string>();
                    reactor.CallLater(TimeSpan.FromMilliseconds(5), () => d.Callback("later"));
                    return d;
                });
                thrown = Record.Exception(() => reactor.BlockingCallFromThread(new Func<int>(() => throw new TimeoutException("t"))));
                reactor.CallFromThread(reactor.Stop);
            });
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(7, direct);
        Assert.Equal("later", viaDeferred);
        Assert.IsType<TimeoutException>(thrown);
        Assert.IsType<InvalidOperationException>(onReactorThread);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void SuggestThreadPoolSize_bounds_the_pool_and_rejects_sizes_below_one(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => reactor.SuggestThreadPoolSize(0));
        reactor.SuggestThreadPoolSize(1);
        Assert.Equal(1, reactor.GetThreadPool().MaxThreads);
        int concurrent = 0;
        int maxConcurrent = 0;
        int done = 0;
        reactor.CallWhenRunning(() =>
        {
            for (int i = 0; i < 4; i++)
            {
                reactor.CallInThread(() =>
                {
                    int now = Interlocked.Increment(ref concurrent);
                    InterlockedMax(ref maxConcurrent, now);
                    Thread.Sleep(5);
                    Interlocked.Decrement(ref concurrent);
                    if (Interlocked.Increment(ref done) == 4)
                    {
                        reactor.CallFromThread(reactor.Stop);
                    }
                });
            }
        });
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(1, maxConcurrent);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void The_thread_pool_starts_with_the_reactor_and_stops_during_shutdown(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var pool = reactor.GetThreadPool();
        Assert.False(pool.Started);
        bool startedWhileRunning = false;
        reactor.CallWhenRunning(() =>
        {
            startedWhileRunning = pool.Started;
            reactor.Stop();
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(startedWhileRunning);
        Assert.False(pool.Started);
        Assert.NotSame(pool, reactor.GetThreadPool());
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void Await_in_an_async_method_resumes_on_the_reactor_thread(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var threads = new List<Thread>();
        Thread? loop = null;

        async Task WorkAsync()
        {
            threads.Add(Thread.CurrentThread);
            await Task.Delay(5);
            threads.Add(Thread.CurrentThread);
            await Task.Run(() => Thread.Sleep(1));
            threads.Add(Thread.CurrentThread);
            await Task.Yield();
            threads.Add(Thread.CurrentThread);
            reactor.Stop();
        }

        reactor.CallWhenRunning(() =>
        {
            loop = Thread.CurrentThread;
            _ = WorkAsync();
        });
        var contextBefore = SynchronizationContext.Current;
        ReactorKinds.RunBounded(reactor);
        Assert.Equal(4, threads.Count);
        Assert.All(threads, t => Assert.Same(loop, t));
        Assert.Same(contextBefore, SynchronizationContext.Current);
    }

    [Fact]
    public void ReactorThreadPool_rejects_inconsistent_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorThreadPool(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorThreadPool(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorThreadPool(0, 0));
    }

    [Fact]
    public void ReactorThreadPool_runs_work_queued_before_Start_only_after_Start()
    {
        var pool = new ReactorThreadPool(0, 2);
        using var done = new ManualResetEventSlim();
        pool.CallInThread(done.Set);
        // Workers are only created by Start (or by CallInThread on a started pool), under the pool's
        // lock: with no worker alive, nothing can have run the work.
        Assert.Equal(0, pool.ThreadCount);
        Assert.False(done.IsSet);
        pool.Start();
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)));
        pool.Stop();
    }
}
