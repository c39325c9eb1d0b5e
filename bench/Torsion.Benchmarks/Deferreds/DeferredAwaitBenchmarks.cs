using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// <c>await</c> of an already-fired Deferred (Twisted's deferred_await: <c>await succeed(x)</c>
/// in a loop). Each operation runs one async method that creates, fires and awaits 10 promises,
/// so the method's own cost is shared by 10 awaits. The methods complete synchronously; each
/// benchmark reads the result directly, so no benchmark pays for BenchmarkDotNet's await support.
/// </summary>
[MemoryDiagnoser]
public class DeferredAwaitBenchmarks
{
    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(45, TaskCompletionSourceAwait(), nameof(TaskCompletionSourceAwait));
        ChainCallbacks.Expect(45, TypedDeferredAwait(), nameof(TypedDeferredAwait));
        ChainCallbacks.Expect(45, UntypedDeferredAwait(), nameof(UntypedDeferredAwait));
        ChainCallbacks.Expect(45, TypedDeferredAwaitInAsyncDeferredMethod(), nameof(TypedDeferredAwaitInAsyncDeferredMethod));
    }

    /// <summary>Baseline: an async Task&lt;int&gt; method awaiting 10 completed TaskCompletionSource&lt;int&gt; tasks.</summary>
    [Benchmark(Baseline = true)]
    public int TaskCompletionSourceAwait() => AwaitTaskCompletionSources().GetAwaiter().GetResult();

    private static async Task<int> AwaitTaskCompletionSources()
    {
        int sum = 0;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            var source = new TaskCompletionSource<int>();
            source.SetResult(i);
            sum += await source.Task;
        }

        return sum;
    }

    /// <summary>The same async Task&lt;int&gt; method awaiting 10 fired Deferred&lt;int&gt;.</summary>
    [Benchmark]
    public int TypedDeferredAwait() => AwaitTypedDeferreds().GetAwaiter().GetResult();

    private static async Task<int> AwaitTypedDeferreds()
    {
        int sum = 0;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            var deferred = new Deferred<int>();
            deferred.Callback(i);
            sum += await deferred;
        }

        return sum;
    }

    /// <summary>The same async Task&lt;int&gt; method awaiting 10 fired untyped Deferreds.</summary>
    [Benchmark]
    public int UntypedDeferredAwait() => AwaitUntypedDeferreds().GetAwaiter().GetResult();

    private static async Task<int> AwaitUntypedDeferreds()
    {
        int sum = 0;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            var deferred = new Deferred();
            deferred.Callback(i);
            sum += (int)(await deferred)!;
        }

        return sum;
    }

    /// <summary>10 awaits of fired Deferred&lt;int&gt; inside an async Deferred&lt;int&gt; method (Torsion's method builder).</summary>
    [Benchmark]
    public int TypedDeferredAwaitInAsyncDeferredMethod() => AwaitTypedDeferredsInDeferredMethod().Result;

    private static async Deferred<int> AwaitTypedDeferredsInDeferredMethod()
    {
        int sum = 0;
        for (int i = 0; i < ChainCallbacks.Length; i++)
        {
            var deferred = new Deferred<int>();
            deferred.Callback(i);
            sum += await deferred;
        }

        return sum;
    }
}
