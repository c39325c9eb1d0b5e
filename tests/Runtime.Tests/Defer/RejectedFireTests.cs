using System;

namespace Torsion.Tests.Defer;

/// <summary>Issue 8, item 4: a fire that is rejected leaves the Deferred exactly as it was.</summary>
public class RejectedFireTests
{
    [Fact]
    public void Callback_with_a_string_on_a_Deferred_of_int_throws_and_leaves_it_unfired()
    {
        var deferred = new Deferred<int>();
        int seen = -1;
        deferred.AddCallback(x => seen = x);

        Assert.Throws<ArgumentException>(() => deferred.Callback("oops"));

        Assert.False(deferred.Called);
        Assert.Equal(-1, seen);
        deferred.Callback(5);
        Assert.Equal(5, seen);
        Assert.Equal(5, deferred.Result);
    }

    [Fact]
    public void Untyped_Callback_with_null_on_a_Deferred_of_int_throws_and_leaves_it_unfired()
    {
        var typed = new Deferred<int>();
        Assert.Throws<ArgumentException>(() => ((Deferred)typed).Callback(null));

        Assert.False(typed.Called);
        Assert.False(typed.HasResult);
        typed.Callback(7);
        Assert.Equal(7, typed.Result);
    }

    [Fact]
    public void A_rejected_late_result_of_a_cancelled_Deferred_does_not_use_up_the_swallowed_call()
    {
        var typed = new Deferred<int>();
        typed.Cancel();
        Assert.Throws<ArgumentException>(() => typed.Callback("late"));

        // The operation's real late result is still swallowed silently, as documented for Cancel.
        typed.Callback(3);
        Assert.Throws<AlreadyCalledException>(() => typed.Callback(4));
        typed.MarkFailureHandled();
    }

    [Fact]
    public void A_value_that_fits_through_the_untyped_Callback_still_fires()
    {
        var typed = new Deferred<object>();
        ((Deferred)typed).Callback(null);
        Assert.Null(typed.Result);

        var numbers = new Deferred<int>();
        ((Deferred)numbers).Callback(9);
        Assert.Equal(9, numbers.Result);
    }
}
