using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Torsion.Generators.Tests;

/// <summary>The run-time pieces of inlineCallbacks that do not need the generator: Run, Settle, Settled.</summary>
public sealed class RuntimeSupportTests
{
    private static readonly List<string> s_log = new();

    private static IEnumerable<Deferred> ThrowsFirst()
    {
        try
        {
            throw new FormatException("first");
        }
        finally
        {
            s_log.Add("finally");
        }
#pragma warning disable CS0162 // an iterator needs a yield
        yield break;
#pragma warning restore CS0162
    }

    private static IEnumerable<Deferred> ReturnsText()
    {
        yield return global::Torsion.InlineCallbacks.Return("text");
    }

    private static IEnumerable<Deferred> WaitsThenReturns(Deferred<int> d)
    {
        try
        {
            yield return d;
            yield return global::Torsion.InlineCallbacks.Return(d.Result * 2);
        }
        finally
        {
            s_log.Add("finally " + d.Called);
        }
    }

    [Fact]
    public void Run_rejects_a_null_iterator()
    {
        Assert.Throws<ArgumentNullException>(() => global::Torsion.InlineCallbacks.Run(null!));
        Assert.Throws<ArgumentNullException>(() => global::Torsion.InlineCallbacks.Run<int>(null!));
    }

    [Fact]
    public void Run_turns_an_exception_before_the_first_yield_into_a_failure()
    {
        s_log.Clear();
        Deferred result = global::Torsion.InlineCallbacks.Run(ThrowsFirst());
        Assert.Equal(new[] { "finally" }, s_log);
        Assert.IsType<FormatException>(((Failure)result.Result!).Value);
        result.AddErrback((Failure _) => { });
    }

    [Fact]
    public void Run_of_T_fails_with_InvalidCastException_when_the_returned_value_has_another_type()
    {
        Deferred<int> result = global::Torsion.InlineCallbacks.Run<int>(ReturnsText());
        Assert.True(result.IsFailed);
        result.AddErrback(failure =>
        {
            Assert.IsType<InvalidCastException>(failure.Value);
            return 0;
        });
    }

    [Fact]
    public void Run_waits_returns_and_runs_finally_before_firing()
    {
        s_log.Clear();
        var d = new Deferred<int>();
        Deferred<int> result = global::Torsion.InlineCallbacks.Run<int>(WaitsThenReturns(d));
        Assert.False(result.Called);
        result.AddCallback(v =>
        {
            s_log.Add("fired " + v);
            return v;
        });
        d.Callback(21);
        Assert.Equal(new[] { "finally True", "fired 42" }, s_log);
    }

    [Fact]
    public void Settled_value_rethrows_the_original_exception()
    {
        var error = new TimeoutException("slow");
        var settled = new Settled<int>(new Failure(error));
        Assert.True(settled.Failed);
        Assert.False(settled.TryGetValue(out _));
        Assert.Same(error, Assert.Throws<TimeoutException>(() => settled.Value));
        Assert.Equal("Failed(TimeoutException: slow)", settled.ToString());
        var ok = new Settled<int>(3);
        Assert.True(ok.Succeeded);
        Assert.True(ok.TryGetValue(out int value));
        Assert.Equal(3, value);
        Assert.Equal("Succeeded(3)", ok.ToString());
        Assert.Throws<ArgumentNullException>(() => new Settled<int>((Failure)null!));
    }

    [Fact]
    public void Settle_never_fails_and_keeps_the_result_in_place()
    {
        var d = new Deferred<string>();
        Deferred<Settled<string>> view = global::Torsion.InlineCallbacks.Settle(d);
        d.Callback("v");
        Assert.Equal("v", view.Result.Value);
        Assert.Equal("v", d.Result);

        var untyped = new Deferred();
        Deferred<Settled<object?>> untypedView = global::Torsion.InlineCallbacks.Settle(untyped);
        untyped.Errback(new FormatException("f"));
        Assert.True(untypedView.Result.Failed);
        Assert.IsType<FormatException>(untypedView.Result.Failure!.Value);
    }

    [Fact]
    public void Cancelling_a_settled_view_cancels_the_Deferred_and_reports_the_cancellation_as_a_value()
    {
        bool cancelled = false;
        var d = new Deferred<int>(_ => cancelled = true);
        Deferred<Settled<int>> view = global::Torsion.InlineCallbacks.Settle(d);
        view.Cancel();
        Assert.True(cancelled);
        Assert.True(view.Result.Failed);
        Assert.IsType<CancelledException>(view.Result.Failure!.Value);
    }

    [Fact]
    public void A_failure_seen_through_Settle_is_not_reported_as_unhandled()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        SettleAFailure();
        Assert.Empty(capture.Flush(typeof(TimeoutException)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SettleAFailure()
    {
        var d = new Deferred<int>();
        Deferred<Settled<int>> view = global::Torsion.InlineCallbacks.Settle(d);
        d.Errback(new TimeoutException("handled"));
        Assert.True(view.Result.Failed);
    }
}
