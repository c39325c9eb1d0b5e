using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// Twisted's most common call, <c>defer.succeed(value)</c>, and reading the result back: per call
/// (1,000 per invocation, the values boxed once in setup so no row measures boxing). Baseline:
/// <c>Task.FromResult&lt;object?&gt;(value).Result</c>, the .NET primitive for a completed result.
/// </summary>
[MemoryDiagnoser]
public class DeferredSucceedBenchmarks
{
    private const int Calls = 1000;
    private const long ExpectedSum = (long)Calls * (Calls - 1) / 2;
    private readonly object[] _boxed = new object[Calls];

    /// <summary>Boxes the values once, then checks that every row computes the same sum.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Calls; i++)
        {
            _boxed[i] = i;
        }

        ChainCallbacks.Expect(ExpectedSum, TaskFromResultObject(), nameof(TaskFromResultObject));
        ChainCallbacks.Expect(ExpectedSum, UntypedSucceed(), nameof(UntypedSucceed));
        ChainCallbacks.Expect(ExpectedSum, TaskFromResultInt(), nameof(TaskFromResultInt));
        ChainCallbacks.Expect(ExpectedSum, TypedSucceed(), nameof(TypedSucceed));
    }

    /// <summary>Baseline: <c>Task.FromResult&lt;object?&gt;(value).Result</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public long TaskFromResultObject()
    {
        long sum = 0;
        object[] boxed = _boxed;
        for (int i = 0; i < boxed.Length; i++)
        {
            sum += (int)Task.FromResult<object?>(boxed[i]).Result!;
        }

        return sum;
    }

    /// <summary>Untyped <c>Deferred.Succeed(value).Result</c>.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public long UntypedSucceed()
    {
        long sum = 0;
        object[] boxed = _boxed;
        for (int i = 0; i < boxed.Length; i++)
        {
            sum += (int)Deferred.Succeed((object?)boxed[i]).Result!;
        }

        return sum;
    }

    /// <summary><c>Task.FromResult(i).Result</c>, the typed counterpart of the baseline.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public long TaskFromResultInt()
    {
        long sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += Task.FromResult(i).Result;
        }

        return sum;
    }

    /// <summary>Typed <c>Deferred.Succeed(i).Result</c>.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public long TypedSucceed()
    {
        long sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += Deferred.Succeed(i).Result;
        }

        return sum;
    }
}
