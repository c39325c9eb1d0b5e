using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// A 10-callback chain on a Deferred fired before the callbacks are added, so each callback runs
/// as it is added (Twisted's test_deferred_callback_chain_fires_at_start, with 10 callbacks).
/// </summary>
[MemoryDiagnoser]
public class DeferredChainFiredBeforeAddingBenchmarks
{
    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(ChainCallbacks.Length, TaskCompletionSourceContinueWith(), nameof(TaskCompletionSourceContinueWith));
        ChainCallbacks.Expect(ChainCallbacks.Length, TypedDeferred(), nameof(TypedDeferred));
        ChainCallbacks.Expect(ChainCallbacks.Length, UntypedDeferred(), nameof(UntypedDeferred));
    }

    /// <summary>Baseline: TaskCompletionSource&lt;int&gt;.SetResult(0), then 10 ContinueWith(ExecuteSynchronously).</summary>
    [Benchmark(Baseline = true)]
    public int TaskCompletionSourceContinueWith()
    {
        var source = new TaskCompletionSource<int>();
        source.SetResult(0);
        Task<int> task = source.Task;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            task = task.ContinueWith(ChainCallbacks.IncrementTask, TaskContinuationOptions.ExecuteSynchronously);
        }

        return task.Result;
    }

    /// <summary>Deferred&lt;int&gt;.Callback(0), then 10 Func&lt;int, int&gt; callbacks.</summary>
    [Benchmark]
    public int TypedDeferred()
    {
        var deferred = new Deferred<int>();
        deferred.Callback(0);
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            deferred.AddCallback(ChainCallbacks.Increment);
        }

        return deferred.Result;
    }

    /// <summary>Untyped Deferred.Callback(0), then 10 Func&lt;object?, object?&gt; callbacks.</summary>
    [Benchmark]
    public object? UntypedDeferred()
    {
        var deferred = new Deferred();
        deferred.Callback(0);
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            deferred.AddCallback(ChainCallbacks.IncrementBoxed);
        }

        return deferred.Result;
    }
}
