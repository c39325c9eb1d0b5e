using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

/// <summary>
/// Issue 8, item 3: a failure's route keeps its first and last <see cref="Failure.RouteEndsKept"/>
/// places and counts the rest; a failure leaving nested generated methods keeps a bounded trace.
/// (The sizes of the issue run in Stress/, in a child process.)
/// </summary>
public partial class BoundedFailureTests
{
    private static Func<Failure, int>[] NamedErrbacks(int count)
    {
        var errbacks = new Func<Failure, int>[count];
        for (int i = 0; i < count; i++)
        {
            errbacks[i] = PassOn;
        }

        return errbacks;
    }

    private static int PassOn(Failure failure) => throw failure.Value;

    [Fact]
    public void A_route_of_a_thousand_places_keeps_both_ends_and_counts_the_places_left_out()
    {
        var deferred = new Deferred<int>();
        deferred.AddCallback(static _ => ThrowBoom());
        foreach (Func<Failure, int> errback in NamedErrbacks(999))
        {
            deferred.AddErrback(errback);
        }

        deferred.Callback(1);
        Failure failure = deferred.CurrentFailure!;
        deferred.MarkFailureHandled();

        Assert.Equal(1000, failure.RouteLength);
        IReadOnlyList<string> route = failure.Route;
        Assert.Equal((2 * Failure.RouteEndsKept) + 1, route.Count);
        Assert.StartsWith("raised in ", route[0]);
        for (int i = 1; i < route.Count; i++)
        {
            if (i == Failure.RouteEndsKept)
            {
                Assert.Equal("... " + (1000 - (2 * Failure.RouteEndsKept)) + " more places left out ...", route[i]);
            }
            else
            {
                Assert.Equal("passed on by Torsion.Tests.Defer.BoundedFailureTests.PassOn", route[i]);
            }
        }

        string traceback = failure.GetTraceback();
        Assert.Contains("more places left out", traceback);
        Assert.True(traceback.Length < 10_000, "traceback of " + traceback.Length + " characters");
    }

    [Fact]
    public void A_route_of_exactly_twice_the_kept_ends_is_kept_whole()
    {
        var failure = new Failure(new InvalidOperationException());
        for (int i = 0; i < 2 * Failure.RouteEndsKept; i++)
        {
            failure.AddRoute("step " + i);
        }

        Assert.Equal(2 * Failure.RouteEndsKept, failure.Route.Count);
        Assert.Equal("step " + ((2 * Failure.RouteEndsKept) - 1), failure.Route[^1]);
        failure.AddRoute("one more");
        Assert.Equal("... 1 more places left out ...", failure.Route[Failure.RouteEndsKept]);
        Assert.Equal("one more", failure.Route[^1]);
        Assert.Equal("step " + (Failure.RouteEndsKept - 1), failure.Route[Failure.RouteEndsKept - 1]);
    }

    private static int ThrowBoom() => throw new InvalidOperationException("boom");

    [InlineCallbacks]
    private static IEnumerable<Deferred> Level(int level, Deferred leaf)
    {
        yield return level == 0 ? leaf : LevelAsync(level - 1, leaf);
    }

    [Fact]
    public void A_failure_through_200_nested_generated_methods_keeps_its_identity_a_bounded_trace_and_a_place_per_method()
    {
        var leaf = new Deferred();
        Deferred outer = LevelAsync(200, leaf);
        var boom = new InvalidOperationException("leaf");
        leaf.Errback(boom);
        Failure failure = outer.CurrentFailure!;
        outer.MarkFailureHandled();

        Assert.Same(boom, failure.Value);
        Assert.Equal(201, failure.RouteLength);
        Assert.Equal("passed on by Torsion.Tests.Defer.BoundedFailureTests.Level", failure.Route[^1]);
        string trace = failure.Value.StackTrace ?? "";
        int sites = trace.Split("--- End of stack trace from previous location ---").Length - 1;
        Assert.InRange(sites, 0, Failure.RethrowsTraced + 1);
        Assert.True(trace.Length < 20_000, "a stack trace of " + trace.Length + " characters");
    }

    private static async Deferred AsyncLevel(int level, Deferred leaf)
    {
        await (level == 0 ? leaf : AsyncLevel(level - 1, leaf));
    }

    [Fact]
    public void A_failure_through_200_nested_async_Deferred_methods_keeps_its_identity_and_a_bounded_trace()
    {
        var leaf = new Deferred();
        Deferred outer = AsyncLevel(200, leaf);
        var boom = new InvalidOperationException("leaf");
        leaf.Errback(boom);
        Failure failure = outer.CurrentFailure!;
        outer.MarkFailureHandled();

        Assert.Same(boom, failure.Value);
        Assert.Equal(201, failure.RouteLength);
        Assert.Equal("passed on by Torsion.Tests.Defer.BoundedFailureTests.AsyncLevel", failure.Route[^1]);
        string trace = failure.Value.StackTrace ?? "";
        int sites = trace.Split("--- End of stack trace from previous location ---").Length - 1;
        Assert.InRange(sites, 0, Failure.RethrowsTraced + 1);
        Assert.True(trace.Length < 20_000, "a stack trace of " + trace.Length + " characters");
    }
}
