using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// A 10-callback chain, callbacks added first and then the Deferred fired (Twisted's
/// test_deferred_callback_chain_fires_at_end, with 10 callbacks instead of 4). Each operation
/// creates the Deferred, adds the callbacks, fires it and reads the result.
/// </summary>
[MemoryDiagnoser]
public class DeferredChainFiredAfterAddingBenchmarks
{
    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(ChainCallbacks.Length, TaskCompletionSourceContinueWith(), nameof(TaskCompletionSourceContinueWith));
        ChainCallbacks.Expect(ChainCallbacks.Length, TypedDeferred(), nameof(TypedDeferred));
        ChainCallbacks.Expect(ChainCallbacks.Length, UntypedDeferred(), nameof(UntypedDeferred));
    }

    /// <summary>Baseline: TaskCompletionSource&lt;int&gt; + 10 ContinueWith(ExecuteSynchronously), then SetResult.</summary>
    [Benchmark(Baseline = true)]
    public int TaskCompletionSourceContinueWith()
    {
        var source = new TaskCompletionSource<int>();
        Task<int> task = source.Task;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            task = task.ContinueWith(ChainCallbacks.IncrementTask, TaskContinuationOptions.ExecuteSynchronously);
        }

        source.SetResult(0);
        return task.Result;
    }

    /// <summary>Deferred&lt;int&gt; with 10 Func&lt;int, int&gt; callbacks, then Callback(0).</summary>
    [Benchmark]
    public int TypedDeferred()
    {
        var deferred = new Deferred<int>();
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            deferred.AddCallback(ChainCallbacks.Increment);
        }

        deferred.Callback(0);
        return deferred.Result;
    }

    /// <summary>Untyped Deferred with 10 Func&lt;object?, object?&gt; callbacks, then Callback(0).</summary>
    [Benchmark]
    public object? UntypedDeferred()
    {
        var deferred = new Deferred();
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            deferred.AddCallback(ChainCallbacks.IncrementBoxed);
        }

        deferred.Callback(0);
        return deferred.Result;
    }
}
