using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Reliability;

/// <summary>
/// Issue 8, items 2 and 3: the cost of cancelling a nest of <see cref="Levels"/> waiting calls, and
/// of a failure raised at the bottom of one, must be linear (flat per level). Each benchmark builds
/// the nest and then cancels (or fails) it at the bottom, so the time divided by <see cref="Levels"/>
/// is the cost per level of building plus unwinding. The baseline is the same nest in plain .NET,
/// <c>async Task</c> methods awaiting a <c>TaskCompletionSource</c>, completed with a value: cancelling
/// it instead (an exception rethrown at every level) is quadratic in .NET itself (2.2 s at 10,000
/// levels, minutes at 100,000), too slow to serve as a baseline.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public partial class NestedCancelBenchmarks
{
    /// <summary>How deep the nest is.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Levels { get; set; }

    [Benchmark(Baseline = true, Description = ".NET: complete nested async Task")]
    public int DotNetNestedAsyncTaskCompletion()
    {
        var gates = new TaskCompletionSource[Levels + 1];
        for (int i = 0; i <= Levels; i++)
        {
            gates[i] = new TaskCompletionSource();
        }

        var leaf = new TaskCompletionSource<int>();
        Task<int> outer = TaskLevel(Levels, gates, leaf);
        for (int i = Levels; i >= 0; i--)
        {
            gates[i].SetResult();
        }

        leaf.SetResult(1);
        return outer.GetAwaiter().GetResult();
    }

    [Benchmark(Description = "cancel nested returned Deferreds")]
    public bool CancelReturnedDeferreds()
    {
        var chain = new Deferred[Levels];
        for (int i = 0; i < Levels; i++)
        {
            chain[i] = new Deferred();
        }

        for (int i = 0; i < Levels - 1; i++)
        {
            Deferred next = chain[i + 1];
            chain[i].AddCallback(_ => next);
        }

        for (int i = 0; i < Levels - 1; i++)
        {
            chain[i].Callback(null);
        }

        chain[0].Cancel();
        return Handled(chain[0]);
    }

    [Benchmark(Description = "cancel nested [InlineCallbacks]")]
    public bool CancelNestedGenerated()
    {
        Deferred outer = NestGenerated(new Deferred());
        outer.Cancel();
        return Handled(outer);
    }

    [Benchmark(Description = "cancel nested async Deferred")]
    public bool CancelNestedAsync()
    {
        Deferred<int> outer = NestAsync(new Deferred<int>());
        outer.Cancel();
        return Handled(outer);
    }

    [Benchmark(Description = "failure through nested [InlineCallbacks]")]
    public bool FailureThroughNestedGenerated()
    {
        var leaf = new Deferred();
        Deferred outer = NestGenerated(leaf);
        leaf.Errback(new InvalidOperationException("leaf"));
        return Handled(outer);
    }

    private static bool Handled(Deferred deferred)
    {
        bool failed = deferred.IsFailed;
        deferred.MarkFailureHandled();
        return failed;
    }

    private Deferred NestGenerated(Deferred leaf)
    {
        var gates = new Deferred[Levels + 1];
        for (int i = 0; i <= Levels; i++)
        {
            gates[i] = new Deferred();
        }

        Deferred outer = GeneratedLevelAsync(Levels, gates, leaf);
        for (int i = Levels; i >= 0; i--)
        {
            gates[i].Callback(null);
        }

        return outer;
    }

    [InlineCallbacks]
    private static IEnumerable<Deferred> GeneratedLevel(int level, Deferred[] gates, Deferred leaf)
    {
        yield return gates[level];
        yield return level == 0 ? leaf : GeneratedLevelAsync(level - 1, gates, leaf);
    }

    private Deferred<int> NestAsync(Deferred<int> leaf)
    {
        var gates = new Deferred[Levels + 1];
        for (int i = 0; i <= Levels; i++)
        {
            gates[i] = new Deferred();
        }

        Deferred<int> outer = AsyncLevel(Levels, gates, leaf);
        for (int i = Levels; i >= 0; i--)
        {
            gates[i].Callback(null);
        }

        return outer;
    }

    private static async Deferred<int> AsyncLevel(int level, Deferred[] gates, Deferred<int> leaf)
    {
        await gates[level];
        return level == 0 ? await leaf : await AsyncLevel(level - 1, gates, leaf);
    }

    private static async Task<int> TaskLevel(int level, TaskCompletionSource[] gates, TaskCompletionSource<int> leaf)
    {
        await gates[level].Task;
        return level == 0 ? await leaf.Task : await TaskLevel(level - 1, gates, leaf);
    }
}
