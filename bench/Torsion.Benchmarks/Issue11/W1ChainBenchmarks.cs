using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Torsion.Benchmarks.Deferreds;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// Issue 11, W1: a 10-callback chain, each <c>x =&gt; x + 1</c>, added before firing; reported per
/// callback (<c>OperationsPerInvoke = 10</c>), so Mean and Allocated are per callback. Baseline:
/// <see cref="TaskCompletionSource{TResult}"/> + 10 × <c>ContinueWith(ExecuteSynchronously)</c>.
/// Goal: typed and untyped both at least 5× faster than the baseline.
/// </summary>
[MemoryDiagnoser]
public class W1ChainBenchmarks
{
    private const int Callbacks = ChainCallbacks.Length;

    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(Callbacks, TaskCompletionSourceContinueWith(), nameof(TaskCompletionSourceContinueWith));
        ChainCallbacks.Expect(Callbacks, TypedDeferred(), nameof(TypedDeferred));
        ChainCallbacks.Expect(Callbacks, UntypedDeferred(), nameof(UntypedDeferred));
    }

    /// <summary>.NET baseline: a TaskCompletionSource&lt;int&gt;, 10 synchronous continuations, then SetResult(0).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Callbacks)]
    public int TaskCompletionSourceContinueWith()
    {
        var source = new TaskCompletionSource<int>();
        Task<int> task = source.Task;
        for (int i = 0; i < Callbacks; i++)
        {
            task = task.ContinueWith(ChainCallbacks.IncrementTask, TaskContinuationOptions.ExecuteSynchronously);
        }

        source.SetResult(0);
        return task.Result;
    }

    /// <summary>A Deferred&lt;int&gt;, 10 Func&lt;int, int&gt; callbacks, then Callback(0) and Result.</summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public int TypedDeferred()
    {
        var deferred = new Deferred<int>();
        for (int i = 0; i < Callbacks; i++)
        {
            deferred.AddCallback(ChainCallbacks.Increment);
        }

        deferred.Callback(0);
        return deferred.Result;
    }

    /// <summary>An untyped Deferred, 10 Func&lt;object?, object?&gt; callbacks (unbox, add, box), then Callback(0).</summary>
    [Benchmark(OperationsPerInvoke = Callbacks)]
    public object? UntypedDeferred()
    {
        var deferred = new Deferred();
        for (int i = 0; i < Callbacks; i++)
        {
            deferred.AddCallback(ChainCallbacks.IncrementBoxed);
        }

        deferred.Callback(0);
        return deferred.Result;
    }
}
