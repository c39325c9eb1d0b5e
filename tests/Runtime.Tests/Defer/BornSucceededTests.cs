using System;
using System.Collections.Generic;

namespace Torsion.Tests.Defer;

/// <summary>
/// A Deferred made by <c>Deferred.Succeed</c> is read by its flags alone (no look at its step queue
/// or result slot) until something is done to it. Each test does one such thing and checks every
/// reader that takes the short cut: <c>Result</c>, <c>HasFinalResult</c>, and an
/// <c>[InlineCallbacks]</c> body yielding it (whose wait takes the short cut too).
/// </summary>
public partial class BornSucceededTests
{
    [Fact]
    public void A_callback_that_throws_makes_the_typed_result_a_failure()
    {
        Deferred<int> d = Deferred.Succeed(1);
        d.AddCallback(new Func<int, int>(_ => throw new InvalidOperationException("step")));

        Assert.True(d.IsFailed);
        Assert.Equal("step", Assert.Throws<InvalidOperationException>(() => d.Result).Message);
        Assert.Equal("step", RaisedBy(ReadTyped(d)));
    }

    [Fact]
    public void A_callback_that_returns_a_failure_makes_the_untyped_result_a_failure()
    {
        Deferred d = Deferred.Succeed((object?)"v");
        d.AddCallback(_ => new Failure(new InvalidOperationException("returned")));

        Assert.True(d.IsFailed);
        Assert.Equal("returned", RaisedBy(ReadUntyped(d)));
    }

    [Fact]
    public void A_callback_that_changes_the_value_is_seen_by_every_reader()
    {
        Deferred<int> d = Deferred.Succeed(1);
        d.AddCallback(x => x + 41);

        Assert.Equal(42, d.Result);
        Assert.Equal(42, ReadTyped(d).Result);
    }

    [Fact]
    public void A_callback_that_returns_an_unfired_Deferred_makes_readers_wait_for_it()
    {
        Deferred<int> d = Deferred.Succeed(1);
        var inner = new Deferred<int>();
        d.AddCallback(_ => inner);

        Assert.False(d.HasResult);
        Assert.False(d.HasFinalResult);
        Assert.Throws<InvalidOperationException>(() => d.Result);
        Deferred<int> read = ReadTyped(d);
        Assert.False(read.Called);

        inner.Callback(7);
        Assert.Equal(7, d.Result);
        Assert.Equal(7, read.Result);
    }

    [Fact]
    public void A_paused_Deferred_makes_readers_wait_until_it_is_unpaused()
    {
        Deferred<int> d = Deferred.Succeed(3);
        d.Pause();

        Assert.False(d.HasFinalResult);
        Assert.Throws<InvalidOperationException>(() => d.Result);
        Deferred<int> read = ReadTyped(d);
        Assert.False(read.Called);

        d.Unpause();
        Assert.Equal(3, read.Result);
    }

    [Fact]
    public void A_step_queued_while_paused_runs_before_a_reader_sees_the_result()
    {
        Deferred<int> d = Deferred.Succeed(3);
        d.Pause();
        d.AddCallback(new Func<int, int>(_ => throw new InvalidOperationException("queued")));
        d.Unpause();

        Assert.Throws<InvalidOperationException>(() => d.Result);
        Assert.Equal("queued", RaisedBy(ReadTyped(d)));
    }

    [Fact]
    public void A_Deferred_whose_result_another_takes_is_left_with_the_empty_value_as_in_Twisted()
    {
        // Twisted: a callback that returns a Deferred that has its result hands that result on and
        // leaves the returned Deferred with None.
        Deferred<string?> taken = Deferred.Succeed<string?>("moved");
        var outer = new Deferred<string?>();
        outer.AddCallback(_ => taken);
        outer.Callback("first");

        Assert.Equal("moved", outer.Result);
        Assert.Null(taken.Result);
        Assert.True(taken.HasFinalResult);
        Assert.Null(ReadString(taken).Result);
    }

    [Fact]
    public void A_Deferred_waiting_on_a_paused_one_queues_a_step_and_sees_what_it_ends_with()
    {
        Deferred<int> inner = Deferred.Succeed(5);
        inner.Pause();
        var outer = new Deferred<int>();
        outer.AddCallback(_ => inner);
        outer.Callback(0);
        Assert.False(outer.HasResult);

        inner.Unpause();
        Assert.Equal(5, outer.Result);
    }

    [Fact]
    public void Untouched_Deferreds_from_Succeed_are_read_at_once()
    {
        Assert.Equal(9, Deferred.Succeed(9).Result);
        Assert.True(Deferred.Succeed(9).HasFinalResult);
        Assert.Equal(4950L, SumAsync(100).Result);
        Assert.Equal("v", ReadUntyped(Deferred.Succeed((object?)"v")).Result);
    }

    [InlineCallbacks]
    private static IEnumerable<Deferred> ReadTypedBody(Deferred<int> d)
    {
        yield return d;
        yield return InlineCallbacks.Return(d.Result);
    }

    private static Deferred<int> ReadTyped(Deferred<int> d) => ReadTypedBodyAsync(d);

    [InlineCallbacks]
    private static IEnumerable<Deferred> ReadStringBody(Deferred<string?> d)
    {
        yield return d;
        yield return InlineCallbacks.Return(d.Result);
    }

    private static Deferred<string?> ReadString(Deferred<string?> d) => ReadStringBodyAsync(d);

    [InlineCallbacks]
    private static IEnumerable<Deferred> ReadUntypedBody(Deferred d)
    {
        yield return d;
        yield return InlineCallbacks.Return(d.Result);
    }

    private static Deferred<object?> ReadUntyped(Deferred d) => ReadUntypedBodyAsync(d);

    [InlineCallbacks]
    private static IEnumerable<Deferred> Sum(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var step = Deferred.Succeed(i);
            yield return step;
            sum += step.Result;
        }

        yield return InlineCallbacks.Return(sum);
    }

    /// <summary>The message of the exception a generated body raised at its yield.</summary>
    private static string RaisedBy(Deferred read)
    {
        Assert.True(read.IsFailed);
        var failure = Assert.IsType<Failure>(read.Result);
        read.AddErrback(_ => null); // handled
        return failure.Value.Message;
    }
}
