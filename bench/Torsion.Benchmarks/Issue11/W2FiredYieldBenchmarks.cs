using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Torsion.Benchmarks.Deferreds;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// Issue 11, W2: an <c>[InlineCallbacks]</c> body that yields a fresh <c>Deferred.Succeed(i)</c>
/// each step and sums its <c>Result</c>, per yield (1,000 yields per invocation). Baseline: an
/// <c>async Task&lt;long&gt;</c> method awaiting <c>Task.FromResult(i)</c> the same way. Goal: at
/// least as fast as the baseline, and no more bytes.
/// </summary>
[MemoryDiagnoser]
public partial class W2FiredYieldBenchmarks
{
    private const int Yields = 1000;
    private const long ExpectedSum = (long)Yields * (Yields - 1) / 2;

    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(ExpectedSum, AsyncTaskAwaitFromResult(), nameof(AsyncTaskAwaitFromResult));
        ChainCallbacks.Expect(ExpectedSum, InlineCallbacksYieldSucceed(), nameof(InlineCallbacksYieldSucceed));
        ChainCallbacks.Expect(ExpectedSum, FloorTaskFromResultInALoop(), nameof(FloorTaskFromResultInALoop));
        ChainCallbacks.Expect(ExpectedSum, FloorSucceedInALoop(), nameof(FloorSucceedInALoop));
    }

    [InlineCallbacks]
    private static IEnumerable<Deferred> SumSucceeded(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var step = Deferred.Succeed(i);
            yield return step;
            sum += step.Result;
        }

        yield return Torsion.InlineCallbacks.Return(sum);
    }

    private static async Task<long> SumFromResult(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += await Task.FromResult(i);
        }

        return sum;
    }

    /// <summary>.NET baseline: <c>async Task</c> awaiting <c>Task.FromResult(i)</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Yields)]
    public long AsyncTaskAwaitFromResult() => SumFromResult(Yields).Result;

    /// <summary>The generated <c>[InlineCallbacks]</c> body yielding <c>Deferred.Succeed(i)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long InlineCallbacksYieldSucceed() => SumSucceededAsync(Yields).Result;

    /// <summary>
    /// Floor of the baseline, not a goal: the same loop with no <c>async</c> method, reading
    /// <c>Task.FromResult(i).Result</c> (what is left is the allocation and the result checks).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long FloorTaskFromResultInALoop()
    {
        long sum = 0;
        for (int i = 0; i < Yields; i++)
        {
            sum += Task.FromResult(i).Result;
        }

        return sum;
    }

    /// <summary>
    /// Floor of the generated body, not a goal: the same loop with no <c>[InlineCallbacks]</c>
    /// method, reading <c>Deferred.Succeed(i).Result</c>; the difference to
    /// <see cref="InlineCallbacksYieldSucceed"/> is what the generated wait costs per yield.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long FloorSucceedInALoop()
    {
        long sum = 0;
        for (int i = 0; i < Yields; i++)
        {
            sum += Deferred.Succeed(i).Result;
        }

        return sum;
    }
}
