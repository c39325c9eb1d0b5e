using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Torsion;

namespace Torsion.Benchmarks.InlineCallbacks;

/// <summary>
/// Cost per yield of an inlineCallbacks body: the generated state machine ([InlineCallbacks]), the
/// naive run-time driver (<c>InlineCallbacks.Run</c> over the same iterator) and C# async/await
/// (an <c>async Deferred</c> method awaiting the same Deferreds). Each invocation runs one body that
/// yields <see cref="Yields"/> times, so the reported time and allocation divide by that many yields.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public partial class InlineCallbacksBenchmarks
{
    private const int Yields = 1000;

    /// <summary>
    /// An already-fired untyped Deferred: reading its result does not box, so the fired benchmarks
    /// measure the yield/await machinery itself. (Reading <c>Deferred&lt;int&gt;.Result</c> costs the
    /// same in all three and is left out.)
    /// </summary>
    private static readonly Deferred s_fired = Deferred.Succeed((object?)null);

    private readonly NextTurnQueue _turns = new();

    // ----- already-fired Deferreds -----

    [InlineCallbacks]
    private static IEnumerable<Deferred> YieldFired(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            yield return s_fired;
            sum += i;
        }
        yield return Torsion.InlineCallbacks.Return(sum);
    }

    private static async Deferred<long> AwaitFired(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            await s_fired;
            sum += i;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Yields, Description = "fired: generated")]
    public long FiredGenerated() => YieldFiredAsync(Yields).Result;

    [Benchmark(OperationsPerInvoke = Yields, Description = "fired: naive driver")]
    public long FiredNaiveDriver() => Torsion.InlineCallbacks.Run<long>(YieldFired(Yields)).Result;

    [Benchmark(OperationsPerInvoke = Yields, Description = "fired: async/await")]
    public long FiredAsyncAwait() => AwaitFired(Yields).Result;

    // ----- Deferreds fired by the next turn -----

    [InlineCallbacks]
    private static IEnumerable<Deferred> YieldNextTurn(NextTurnQueue turns, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var next = turns.Next();
            yield return next;
            sum += next.Result;
        }
        yield return Torsion.InlineCallbacks.Return(sum);
    }

    private static async Deferred<long> AwaitNextTurn(NextTurnQueue turns, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += await turns.Next();
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Yields, Description = "next turn: generated")]
    public long NextTurnGenerated()
    {
        Deferred<long> result = YieldNextTurnAsync(_turns, Yields);
        _turns.RunUntilIdle();
        return result.Result;
    }

    [Benchmark(OperationsPerInvoke = Yields, Description = "next turn: naive driver")]
    public long NextTurnNaiveDriver()
    {
        Deferred<long> result = Torsion.InlineCallbacks.Run<long>(YieldNextTurn(_turns, Yields));
        _turns.RunUntilIdle();
        return result.Result;
    }

    private static readonly Action s_nothing = static () => { };

    /// <summary>
    /// The floor of a next-turn yield: the Deferred core's part alone (a new Deferred, the one
    /// continuation step a generated body registers, firing it on the next turn, reading the result),
    /// with no body around it. The gap between this and "next turn: generated" is the machine's own cost.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Yields, Description = "next turn: Deferred alone (floor)")]
    public long NextTurnDeferredAlone()
    {
        long sum = 0;
        for (int i = 0; i < Yields; i++)
        {
            Deferred<int> next = _turns.Next();
            next.AddContinuation(s_nothing);
            _turns.RunUntilIdle();
            sum += next.Result;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Yields, Description = "next turn: async/await")]
    public long NextTurnAsyncAwait()
    {
        Deferred<long> result = AwaitNextTurn(_turns, Yields);
        _turns.RunUntilIdle();
        return result.Result;
    }
}
