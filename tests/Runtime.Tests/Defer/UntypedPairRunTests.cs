using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

/// <summary>
/// The runner runs a row of untyped callback/errback pairs in one frame (issue 11): a callback that
/// throws in the middle of the row must still fail the chain at that point, the next errback in the
/// same row must get that failure, and the row must stop for a returned Deferred and resume after it.
/// </summary>
public class UntypedPairRunTests
{
    [Fact]
    public void A_callback_that_throws_mid_row_fails_the_chain_there_and_the_next_errback_recovers()
    {
        var seen = new List<string>();
        Func<object?, object?> throwing = _ => throw new InvalidOperationException("boom");
        var d = new Deferred();
        d.AddCallback(x => { seen.Add("cb1"); return (int)x! + 1; });
        d.AddCallback(x => { seen.Add("cb2"); return throwing(x); });
        d.AddCallback(x => { seen.Add("cb3 (skipped)"); return x; });
        d.AddErrback(f =>
        {
            seen.Add("eb4: " + f.Value.Message);
            return 100;
        });
        d.AddCallback(x => { seen.Add("cb5"); return (int)x! + 1; });

        d.Callback(0);

        Assert.Equal(new[] { "cb1", "cb2", "eb4: boom", "cb5" }, seen);
        Assert.Equal(101, d.Result);
    }

    [Fact]
    public void Consecutive_errbacks_in_a_row_each_get_the_failure_the_one_before_raised()
    {
        var d = new Deferred();
        d.AddCallback(_ => throw new InvalidOperationException("first"));
        d.AddErrback(f => throw new ArgumentException("second from " + f.Value.Message));
        d.AddErrback(f => f.Value.Message);

        d.Callback(1);

        Assert.Equal("second from first", d.Result);
    }

    [Fact]
    public void A_row_stops_for_a_returned_Deferred_and_resumes_with_its_result()
    {
        var inner = new Deferred();
        var seen = new List<object?>();
        var d = new Deferred();
        d.AddCallback(x => { seen.Add(x); return inner; });
        d.AddCallback(x => { seen.Add(x); return (int)x! * 2; });

        d.Callback(1);
        Assert.Equal(new object?[] { 1 }, seen);
        Assert.False(d.HasResult);

        inner.Callback(21);
        Assert.Equal(new object?[] { 1, 21 }, seen);
        Assert.Equal(42, d.Result);
    }

    [Fact]
    public void A_failure_returned_mid_row_is_routed_through_its_callback_and_handled_by_the_next_errback()
    {
        Failure? returned = null;
        var d = new Deferred();
        d.AddCallback(_ => returned = new Failure(new TimeoutException("late")));
        d.AddCallback(x => x);
        d.AddErrback(f => ReferenceEquals(f, returned) ? "same failure" : "another failure");

        d.Callback(null);

        Assert.Equal("same failure", d.Result);
    }
}
