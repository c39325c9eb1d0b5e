using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Torsion.Reactors.Timers;

namespace Torsion.Benchmarks.Reactors;

/// <summary>
/// 200,000 delayed calls with pseudo-random deadlines, every other one cancelled, run to completion.
/// <see cref="ReactorTimerQueue"/> is the reactor's own timer path (heap with lazy deletion and
/// compaction, FIFO tie-break, the reactor's callback runner) on a virtual "now", so no real waiting
/// is measured; <see cref="PriorityQueueFloor"/> does the same work with a bare
/// <see cref="PriorityQueue{TElement, TPriority}"/> and a cancelled flag: the floor. The goal is
/// within 1.5x of the floor.
/// </summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Count = 200_000;
    private double[] _deadlines = Array.Empty<double>();
    private EpollReactor _reactor = null!;
    private int _ran;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261126);
        _deadlines = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            _deadlines[i] = random.NextDouble() * 60.0;
        }

        _reactor = new EpollReactor();
    }

    [GlobalCleanup]
    public void Cleanup() => _reactor.Dispose();

    [Benchmark(Baseline = true)]
    public int PriorityQueueFloor()
    {
        _ran = 0;
        var queue = new PriorityQueue<FloorEntry, (double, long)>();
        var entries = new FloorEntry[Count];
        Action work = Work;
        for (int i = 0; i < Count; i++)
        {
            var entry = new FloorEntry(work);
            entries[i] = entry;
            queue.Enqueue(entry, (_deadlines[i], i));
        }

        for (int i = 0; i < Count; i += 2)
        {
            entries[i].Cancelled = true;
        }

        while (queue.TryDequeue(out var entry, out _))
        {
            if (!entry.Cancelled)
            {
                entry.Action();
            }
        }

        return _ran;
    }

    [Benchmark]
    public int ReactorTimerQueue()
    {
        _ran = 0;
        var queue = new TimerQueue(_reactor);
        var calls = new DelayedCall[Count];
        Action work = Work;
        for (int i = 0; i < Count; i++)
        {
            calls[i] = queue.Schedule(_deadlines[i], work);
        }

        for (int i = 0; i < Count; i += 2)
        {
            calls[i].Cancel();
        }

        queue.RunDue(double.MaxValue);
        return _ran;
    }

    private void Work() => _ran++;

    private sealed class FloorEntry
    {
        public FloorEntry(Action action) => Action = action;

        public Action Action { get; }

        public bool Cancelled { get; set; }
    }
}
