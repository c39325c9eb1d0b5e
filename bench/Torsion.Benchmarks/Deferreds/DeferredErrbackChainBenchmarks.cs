using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// Twisted's error-handling benchmark (test_deferred_errback_chain / deferred_callback_chains):
/// a fired Deferred, a callback that raises, an errback that traps the error and raises another,
/// and an addBoth that swallows it. Two exceptions are thrown and caught per operation on every
/// side, so this measures the cost of failure handling around them, not callbacks alone.
/// </summary>
[MemoryDiagnoser]
public class DeferredErrbackChainBenchmarks
{
    private static readonly Func<int, int> s_raise = static _ => throw new InvalidOperationException("boom!");
    private static readonly Func<object?, object?> s_raiseBoxed = static _ => throw new InvalidOperationException("boom!");

    private static readonly Func<Failure, int> s_trapAndRaise = static failure =>
    {
        failure.Trap(typeof(Exception));
        throw new InvalidOperationException("lesser boom!");
    };

    private static readonly Func<Failure, object?> s_trapAndRaiseBoxed = static failure =>
    {
        failure.Trap(typeof(Exception));
        throw new InvalidOperationException("lesser boom!");
    };

    private static readonly Func<int, Failure?, int> s_swallow = static (_, _) => 0;
    private static readonly Func<object?, object?> s_swallowBoxed = static _ => null;

    private static readonly Func<Task<int>, int> s_raiseTask = static _ => throw new InvalidOperationException("boom!");

    private static readonly Func<Task<int>, int> s_trapAndRaiseTask = static task =>
    {
        if (task.Exception!.InnerException is not Exception)
        {
            return task.Result;
        }

        throw new InvalidOperationException("lesser boom!");
    };

    private static readonly Func<Task<int>, int> s_swallowTask = static task =>
    {
        _ = task.Exception; // observes the failure, as the Deferred's addBoth handles it
        return 0;
    };

    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(0, TaskCompletionSourceContinueWith(), nameof(TaskCompletionSourceContinueWith));
        ChainCallbacks.Expect(0, TypedDeferred(), nameof(TypedDeferred));
        ChainCallbacks.Expect(null, UntypedDeferred(), nameof(UntypedDeferred));
        ChainCallbacks.Expect(0, ExceptionsOnlyFloor(), nameof(ExceptionsOnlyFloor));
    }

    /// <summary>Baseline: a completed Task, a throwing continuation, a continuation that inspects the exception and throws another, one that observes it and returns 0.</summary>
    [Benchmark(Baseline = true)]
    public int TaskCompletionSourceContinueWith()
    {
        var source = new TaskCompletionSource<int>();
        source.SetResult(1);
        return source.Task
            .ContinueWith(s_raiseTask, TaskContinuationOptions.ExecuteSynchronously)
            .ContinueWith(s_trapAndRaiseTask, TaskContinuationOptions.ExecuteSynchronously)
            .ContinueWith(s_swallowTask, TaskContinuationOptions.ExecuteSynchronously)
            .Result;
    }

    /// <summary>Deferred&lt;int&gt;: Succeed(1), AddCallback(raise), AddErrback(trap, raise), AddBoth(swallow).</summary>
    [Benchmark]
    public int TypedDeferred()
    {
        return Deferred.Succeed(1)
            .AddCallback(s_raise)
            .AddErrback(s_trapAndRaise)
            .AddBoth(s_swallow)
            .Result;
    }

    /// <summary>
    /// Not a chain: the two throw/catch pairs every side pays (the same throwing delegates, each
    /// caught one call up, as the Deferred runner catches them), plus wrapping each exception in a
    /// <see cref="Failure"/>. What remains of a chain's time once this is subtracted is the chain's own
    /// cost; baseline ÷ this is the best ratio any implementation throwing these exceptions can reach.
    /// </summary>
    [Benchmark]
    public int ExceptionsOnlyFloor()
    {
        Failure first;
        try
        {
            return s_raise(1);
        }
        catch (Exception exception)
        {
            first = new Failure(exception);
        }

        try
        {
            return s_trapAndRaise(first);
        }
        catch (Exception exception)
        {
            return new Failure(exception).Value is InvalidOperationException ? 0 : 1;
        }
    }

    /// <summary>Untyped Deferred: Succeed(1), AddCallback(raise), AddErrback(trap, raise), AddBoth(swallow).</summary>
    [Benchmark]
    public object? UntypedDeferred()
    {
        return Deferred.Succeed((object?)1)
            .AddCallback(s_raiseBoxed)
            .AddErrback(s_trapAndRaiseBoxed)
            .AddBoth(s_swallowBoxed)
            .Result;
    }
}
