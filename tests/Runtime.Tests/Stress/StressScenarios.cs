using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Torsion.Tests.Stress;

/// <summary>
/// The stress scenarios of issue 8, items 1-3, at the sizes, and of issue 7's networking at
/// ten times its sizes (NetworkStressScenarios.cs). Each runs on a thread with a
/// 256 KB stack inside a child process (see <see cref="StressTests"/>), so that a regression to
/// recursion kills the child with a stack overflow instead of the test host. A scenario throws when
/// its outcome is wrong.
/// </summary>
internal static partial class StressScenarios
{
    /// <summary>Levels of nesting the scenarios build (the promised sizes, and more).</summary>
    public const int Levels = 100_000;

    /// <summary>The stack the scenarios run on.</summary>
    public const int StackBytes = 256 * 1024;

    /// <summary>Every scenario, by the name the child process is given.</summary>
    public static readonly IReadOnlyDictionary<string, Action> All = new Dictionary<string, Action>
    {
        ["cancel-returned-deferreds"] = CancelReturnedDeferreds,
        ["cancel-type-changes"] = CancelTypeChanges,
        ["cancel-nested-deferred-lists"] = CancelNestedDeferredLists,
        ["cancel-nested-generated"] = CancelNestedGenerated,
        ["cancel-nested-async"] = CancelNestedAsync,
        ["failure-through-nested-generated"] = FailureThroughNestedGenerated,
        ["failure-through-nested-async"] = FailureThroughNestedAsync,
        ["failure-through-million-errbacks"] = FailureThroughMillionErrbacks,
        ["tcp-connect-close-100k"] = ConnectCloseHundredThousand,
        ["tcp-echo-10-gib"] = EchoTenGibibytes,
    };

    /// <summary>Runs <paramref name="scenario"/> on a 256 KB thread; rethrows what it threw.</summary>
    public static void RunOnSmallStack(Action scenario)
    {
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    scenario();
                }
                catch (Exception exception)
                {
                    error = exception;
                }
            },
            StackBytes);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("the scenario failed: " + error.Message, error);
        }
    }

    /// <summary>100,000 Deferreds, each callback returning the next, all fired but the last; Cancel the first.</summary>
    public static void CancelReturnedDeferreds()
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

        Check(!chain[0].HasResult, "the nest is not waiting");

        chain[0].Cancel();
        ExpectCancelled(chain[0]);
    }

    /// <summary>A chain of 100,000 type changes; Cancel the last handle.</summary>
    public static void CancelTypeChanges()
    {
        var source = new Deferred<int>();
        Deferred<int> asInt = source;
        Deferred<long> asLong = null!;
        for (int i = 0; i < Levels / 2; i++)
        {
            asLong = asInt.AddCallback(static x => (long)x);
            asInt = asLong.AddCallback(static x => (int)x);
        }

        asInt.Cancel();
        Check(source.Called, "the source was not cancelled");
        ExpectCancelled(asInt);
    }

    /// <summary>100,000 DeferredLists, each holding the next; Cancel the outermost.</summary>
    public static void CancelNestedDeferredLists()
    {
        var leaf = new Deferred();
        Deferred inner = leaf;
        for (int i = 0; i < Levels; i++)
        {
            inner = new DeferredList(new[] { inner }, fireOnOneErrback: true, consumeErrors: true);
        }

        inner.Cancel();
        Check(leaf.Called, "the innermost Deferred was not cancelled");
        Failure failure = FailureOf(inner);
        Check(failure.Value is FirstErrorException, "expected FirstErrorException, got " + failure.Value.GetType().Name);
    }

    /// <summary>100,000 nested generated [InlineCallbacks] calls waiting on a leaf; Cancel the outermost.</summary>
    public static void CancelNestedGenerated()
    {
        var leaf = new Deferred();
        Deferred outer = NestGenerated(leaf);
        Check(!outer.Called, "the nest fired early");
        outer.Cancel();
        Check(leaf.Called, "the leaf was not cancelled");
        ExpectCancelled(outer);
    }

    /// <summary>100,000 nested <c>async Deferred</c> calls waiting on a leaf; Cancel the outermost.</summary>
    public static void CancelNestedAsync()
    {
        var leaf = new Deferred<int>();
        Deferred<int> outer = NestAsync(leaf);
        Check(!outer.Called, "the nest fired early");
        outer.Cancel();
        Check(leaf.Called, "the leaf was not cancelled");
        ExpectCancelled(outer);
    }

    /// <summary>A failure raised at the leaf of 100,000 nested generated calls: bounded trace and route.</summary>
    public static void FailureThroughNestedGenerated()
    {
        var leaf = new Deferred();
        Deferred outer = NestGenerated(leaf);
        var boom = new InvalidOperationException("leaf failure");
        leaf.Errback(boom);
        Failure failure = FailureOf(outer);
        Check(ReferenceEquals(failure.Value, boom), "the outermost call failed with another exception");
        CheckBounded(failure, Levels);
    }

    /// <summary>A failure raised at the leaf of 100,000 nested async Deferred calls: bounded trace and route.</summary>
    public static void FailureThroughNestedAsync()
    {
        var leaf = new Deferred<int>();
        Deferred<int> outer = NestAsync(leaf);
        var boom = new InvalidOperationException("leaf failure");
        leaf.Errback(boom);
        Failure failure = FailureOf(outer);
        Check(ReferenceEquals(failure.Value, boom), "the outermost call failed with another exception");
        CheckBounded(failure, Levels);
    }

    /// <summary>A failure passed on by 1,000,000 errbacks: the route and the traceback stay small.</summary>
    public static void FailureThroughMillionErrbacks()
    {
        const int errbacks = 1_000_000;
        var deferred = new Deferred<int>();
        for (int i = 0; i < errbacks; i++)
        {
            deferred.AddErrback(static failure => throw failure.Value);
        }

        deferred.Errback(new InvalidOperationException("passed on"));
        Failure failure = FailureOf(deferred);
        Check(failure.RouteLength == errbacks, "route length " + failure.RouteLength);
        CheckBounded(failure, errbacks);
    }

    /// <summary>The trace and route of a failure that travelled <paramref name="places"/> places stay small.</summary>
    private static void CheckBounded(Failure failure, long places)
    {
        Check(failure.RouteLength >= places, "the route counts " + failure.RouteLength + " places, fewer than " + places);
        Check(failure.Route.Count == (2 * Failure.RouteEndsKept) + 1, "the route keeps " + failure.Route.Count + " entries");
        Check(failure.Route[Failure.RouteEndsKept].Contains((failure.RouteLength - (2 * Failure.RouteEndsKept)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "the route does not count the places left out: " + failure.Route[Failure.RouteEndsKept]);
        int traceLength = failure.Value.StackTrace?.Length ?? 0;
        Check(traceLength < 20_000, "the stack trace grew to " + traceLength + " characters");
        int tracebackLength = failure.GetTraceback().Length;
        Check(tracebackLength < 40_000, "the traceback grew to " + tracebackLength + " characters");
    }

    /// <summary>
    /// Builds 100,000 nested generated calls without deep stack: each level first waits on its own
    /// gate, and opening the gates outermost-first lets each level call the next.
    /// </summary>
    private static Deferred NestGenerated(Deferred leaf)
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

    /// <summary>The async Deferred form of <see cref="NestGenerated"/>.</summary>
    private static Deferred<int> NestAsync(Deferred<int> leaf)
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

    private static void ExpectCancelled(Deferred deferred)
    {
        Failure failure = FailureOf(deferred);
        Check(failure.Value is CancelledException, "expected CancelledException, got " + failure.Value.GetType().Name);
    }

    private static Failure FailureOf(Deferred deferred)
    {
        Check(deferred.HasResult, "the Deferred has no result");
        Failure? failure = deferred.CurrentFailure;
        Check(failure is not null, "the Deferred succeeded");
        deferred.MarkFailureHandled();
        return failure!;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
