using System.Collections.Generic;

namespace Torsion.Tests.Utilities;

/// <summary>
/// Utilities nested inside each other (a DeferredList of a DeferredList of …) complete in constant
/// stack when the innermost member fires. Each test runs on a thread with a 256 KiB stack.
/// </summary>
public class NestedUtilityStackDepthTests
{
    private const int Depth = 10_000;

    [Fact]
    public void NestedDeferredListsCompleteWithoutStackOverflow()
    {
        SmallStack.Run(() =>
        {
            var innermost = new Deferred();
            Deferred current = innermost;
            for (int i = 0; i < Depth; i++)
            {
                current = new DeferredList(new[] { current });
            }

            innermost.Callback("x");
            Assert.True(current.HasResult);
        });
    }

    [Fact]
    public void NestedTypedDeferredListsWithFireOnOneErrbackCompleteWithoutStackOverflow()
    {
        SmallStack.Run(() =>
        {
            var innermost = new Deferred<int>();
            var lists = new List<DeferredList<int>>();
            Deferred<int> current = innermost;
            for (int i = 0; i < Depth; i++)
            {
                var list = new DeferredList<int>(new[] { current }, fireOnOneErrback: true, consumeErrors: true);
                lists.Add(list);
                current = list.AddCallback(results => results.Count);
            }

            innermost.Errback(new GenericException("deep"));
            Assert.True(current.IsFailed);
            DeferredAssert.Swallow(current);
        });
    }

    [Fact]
    public void NestedGatherResultsCompleteWithoutStackOverflow()
    {
        SmallStack.Run(() =>
        {
            var innermost = new Deferred<int>();
            Deferred<int> current = innermost;
            for (int i = 0; i < Depth; i++)
            {
                current = Deferred.GatherResults(new[] { current }).AddCallback(values => values[0] + 1);
            }

            innermost.Callback(0);
            Assert.Equal(Depth, current.Result);
        });
    }

    [Fact]
    public void NestedRacesCompleteWithoutStackOverflow()
    {
        SmallStack.Run(() =>
        {
            var innermost = new Deferred<int>();
            Deferred<int> current = innermost;
            for (int i = 0; i < Depth; i++)
            {
                current = Deferred.Race(new[] { current }).AddCallback(won => won.Result + 1);
            }

            innermost.Callback(0);
            Assert.Equal(Depth, current.Result);
        });
    }
}
