using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// Issue 11, W4: 200,000 timers with pseudo-random delays in [0, 1 s), every other one cancelled,
/// run to completion in real time. Torsion: <c>CallLater</c> on a running <see cref="EpollReactor"/>.
/// Baseline: a minimal real-time loop over a <see cref="PriorityQueue{TElement, TPriority}"/>
/// (deadline, sequence) with a cancelled flag per entry, sleeping until the next deadline.
/// </summary>
/// <remarks>
/// Every method takes about one second of wall-clock time, nearly all of it waiting for the next
/// deadline, so BenchmarkDotNet's wall-clock Mean is the same for all rows and says nothing; its
/// Allocated column is still exact. The issue's measure is the process CPU time, which
/// <see cref="Issue11CpuTime"/> (<c>-- --issue11-cpu</c>) reads around each method
/// (<see cref="Process.TotalProcessorTime"/>: every thread, the garbage collector's included).
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class W4TimerBenchmarks
{
    /// <summary>Timers scheduled per run.</summary>
    public const int Timers = 200_000;

    private readonly TimeSpan[] _delays = new TimeSpan[Timers];
    private readonly Action _fireCached;
    private int _fired;

    public W4TimerBenchmarks()
    {
        var random = new Random(20261204);
        for (int i = 0; i < Timers; i++)
        {
            _delays[i] = TimeSpan.FromSeconds(random.NextDouble());
        }

        _fireCached = Fire;
    }

    private void Fire() => _fired++;

    private void FireIndex(int index) => _fired += index >= 0 ? 1 : 0;

    /// <summary>.NET baseline: a PriorityQueue real-time loop (one entry object per timer, a shared delegate).</summary>
    [Benchmark(Baseline = true)]
    public int PriorityQueueLoop()
    {
        _fired = 0;
        var queue = new PriorityQueue<LoopTimer, (double Deadline, long Sequence)>(Timers);
        var timers = new LoopTimer[Timers];
        double now = Seconds();
        for (int i = 0; i < Timers; i++)
        {
            var timer = new LoopTimer(_fireCached);
            timers[i] = timer;
            queue.Enqueue(timer, (now + _delays[i].TotalSeconds, i));
        }

        for (int i = 0; i < Timers; i += 2)
        {
            timers[i].Cancelled = true;
        }

        while (queue.Count > 0)
        {
            now = Seconds();
            while (queue.TryPeek(out LoopTimer? timer, out var key) && key.Deadline <= now)
            {
                queue.Dequeue();
                if (!timer.Cancelled)
                {
                    timer.Action();
                }
            }

            if (queue.TryPeek(out _, out var next))
            {
                Thread.Sleep((int)Math.Ceiling((next.Deadline - now) * 1000.0));
            }
        }

        return Check(_fired);
    }

    /// <summary>Torsion: <c>CallLater(delay, f)</c> with one shared delegate (one object per timer).</summary>
    [Benchmark]
    public int ReactorCallLater() => RunOnReactor(static (reactor, self, i) => reactor.CallLater(self._delays[i], self._fireCached));

    /// <summary>Torsion: <c>CallLater(delay, () =&gt; f(i))</c>, a closure and a delegate per timer (the issue's shape).</summary>
    [Benchmark]
    public int ReactorCallLaterClosure() => RunOnReactor(static (reactor, self, i) => reactor.CallLater(self._delays[i], () => self.FireIndex(i)));

    /// <summary>Torsion: the state-passing <c>CallLater(delay, static s =&gt; …, (this, i))</c>: the delayed call is the only object per timer.</summary>
    [Benchmark]
    public int ReactorCallLaterState() =>
        RunOnReactor(static (reactor, self, i) => reactor.CallLater(self._delays[i], static s => s.Self.FireIndex(s.Index), (Self: self, Index: i)));

    private int RunOnReactor(Func<EpollReactor, W4TimerBenchmarks, int, IDelayedCall> schedule)
    {
        _fired = 0;
        using var reactor = new EpollReactor();
        var calls = new IDelayedCall[Timers];
        reactor.CallWhenRunning(() =>
        {
            for (int i = 0; i < Timers; i++)
            {
                calls[i] = schedule(reactor, this, i);
            }

            for (int i = 0; i < Timers; i += 2)
            {
                calls[i].Cancel();
            }

            // Stops once the last live timer has run (it is the one with the latest deadline).
            double last = 0;
            for (int i = 1; i < Timers; i += 2)
            {
                last = Math.Max(last, _delays[i].TotalSeconds);
            }

            reactor.CallLater(TimeSpan.FromSeconds(last), reactor.Stop);
        });
        reactor.Run(installSignalHandlers: false);
        return Check(_fired);
    }

    private static int Check(int fired) =>
        fired == Timers / 2 ? fired : throw new InvalidOperationException($"{fired} timers ran, expected {Timers / 2}.");

    private static double Seconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    private sealed class LoopTimer
    {
        public LoopTimer(Action action) => Action = action;

        public Action Action { get; }

        public bool Cancelled { get; set; }
    }
}
