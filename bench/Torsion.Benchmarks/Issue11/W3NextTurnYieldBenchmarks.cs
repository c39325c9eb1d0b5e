using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Torsion.Benchmarks.Deferreds;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// Issue 11, W3: an <c>[InlineCallbacks]</c> body yielding a Deferred that
/// <c>reactor.CallLater(0, …)</c> fires on the next turn of a real, running
/// <see cref="EpollReactor"/>, per yield (10,000 yields per invocation, a fresh reactor per
/// invocation since a stopped reactor cannot restart; its set-up and shutdown are spread over the
/// yields). Baselines on a one-thread <see cref="System.Threading.SynchronizationContext"/> loop
/// (<see cref="SingleThreadLoop"/>): <c>await Task.Yield()</c>, and awaiting a
/// <see cref="TaskCompletionSource{TResult}"/> that a callback posted to the loop completes.
/// Goal: at most 100 ns and 150 B per yield.
/// </summary>
[MemoryDiagnoser]
public partial class W3NextTurnYieldBenchmarks
{
    private const int Yields = 10_000;
    private const long ExpectedSum = (long)Yields * (Yields - 1) / 2;

    /// <summary>The posted callback that completes a TaskCompletionSource (created once).</summary>
    private static readonly System.Threading.SendOrPostCallback s_complete = static state =>
    {
        var (source, value) = ((TaskCompletionSource<int>, int))state!;
        source.SetResult(value);
    };

    [GlobalSetup]
    public void CheckResults()
    {
        ChainCallbacks.Expect(ExpectedSum, TaskYieldOnLoop(), nameof(TaskYieldOnLoop));
        ChainCallbacks.Expect(ExpectedSum, TaskCompletionSourcePostedOnLoop(), nameof(TaskCompletionSourcePostedOnLoop));
        ChainCallbacks.Expect(ExpectedSum, ReactorCallLaterClosure(), nameof(ReactorCallLaterClosure));
        ChainCallbacks.Expect(ExpectedSum, ReactorCallLaterState(), nameof(ReactorCallLaterState));
    }

    // ----- .NET on a one-thread SynchronizationContext loop -----

    private static async Task<long> SumAfterYield(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            sum += i;
        }

        return sum;
    }

    private static async Task<long> SumPostedCompletions(SingleThreadLoop loop, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var source = new TaskCompletionSource<int>();
            loop.Post(s_complete, (source, i));
            sum += await source.Task;
        }

        return sum;
    }

    /// <summary>.NET baseline: <c>await Task.Yield()</c> resumed by the loop.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Yields)]
    public long TaskYieldOnLoop() => new SingleThreadLoop().Run(() => SumAfterYield(Yields));

    /// <summary>.NET: a TaskCompletionSource completed by a callback posted to the loop (the closest .NET twin of W3).</summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long TaskCompletionSourcePostedOnLoop()
    {
        var loop = new SingleThreadLoop();
        return loop.Run(() => SumPostedCompletions(loop, Yields));
    }

    // ----- Torsion on a running EpollReactor -----

    [InlineCallbacks]
    private static IEnumerable<Deferred> SumNextTurnClosure(EpollReactor reactor, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var next = new Deferred<int>();
            int value = i;
            reactor.CallLater(TimeSpan.Zero, () => next.Callback(value));
            yield return next;
            sum += next.Result;
        }

        reactor.Stop();
        yield return Torsion.InlineCallbacks.Return(sum);
    }

    /// <summary>Torsion: each yield's Deferred is fired by <c>CallLater(0, () =&gt; d.Callback(i))</c> (a closure per yield).</summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long ReactorCallLaterClosure()
    {
        using var reactor = new EpollReactor();
        Deferred<long>? result = null;
        reactor.CallWhenRunning(() => result = SumNextTurnClosureAsync(reactor, Yields));
        reactor.Run(installSignalHandlers: false);
        return result!.Result;
    }

    [InlineCallbacks]
    private static IEnumerable<Deferred> SumNextTurnState(EpollReactor reactor, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var next = new Deferred<int>();
            reactor.CallLater(TimeSpan.Zero, static s => s.Next.Callback(s.Value), (Next: next, Value: i));
            yield return next;
            sum += next.Result;
        }

        reactor.Stop();
        yield return Torsion.InlineCallbacks.Return(sum);
    }

    /// <summary>Torsion: the same, with the state-passing <c>CallLater(0, static s =&gt; s.Next.Callback(s.Value), (d, i))</c> (no closure).</summary>
    [Benchmark(OperationsPerInvoke = Yields)]
    public long ReactorCallLaterState()
    {
        using var reactor = new EpollReactor();
        Deferred<long>? result = null;
        reactor.CallWhenRunning(() => result = SumNextTurnStateAsync(reactor, Yields));
        reactor.Run(installSignalHandlers: false);
        return result!.Result;
    }
}
