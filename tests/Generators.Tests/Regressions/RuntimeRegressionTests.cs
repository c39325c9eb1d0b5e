using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Regressions;

/// <summary>Compiles <see cref="Source"/> once.</summary>
public sealed class RuntimeRegressionFixture
{
    internal LoadedCode Code { get; } = LoadedCode.Compile(RuntimeRegressionTests.Source);
}

/// <summary>
/// Run-time rules of generated [InlineCallbacks] methods and <see cref="global::Torsion.InlineCallbacks"/>
/// found wrong by random differential testing (issue 10) and the reliability issue (issue 8, items 12
/// and 13): each runs the generated machine and the plain driver and pins the trace.
/// </summary>
public sealed class RuntimeRegressionTests : IClassFixture<RuntimeRegressionFixture>
{
    internal const string Source = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        public static partial class Code
        {
            public static List<string> Log = new();
            private static void L(string s) => Log.Add(s);

            [InlineCallbacks]
            public static IEnumerable<Deferred> YieldRetired(Deferred<int> retired)
            {
                try
                {
                    L("try");
                    try
                    {
                        yield return retired;
                        L("not reached");
                    }
                    finally
                    {
                        L("inner finally");
                    }
                }
                finally
                {
                    L("outer finally");
                }
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> MidChain(Deferred<string> d, Deferred<int> d1)
            {
                yield return d;
                L("resumed " + d.Result);
                yield return d1;
                L("d1 gives " + d1.Result);
                yield return InlineCallbacks.Return(d1.Result);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> CatchesCancel(Deferred<int> first, Deferred<int> second)
            {
                var view = InlineCallbacks.Settle(first);
                yield return view;
                L("inner saw " + view.Result);
                yield return second;
                yield return InlineCallbacks.Return(second.Result);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> ReturnsADeferred(Deferred<int> other)
            {
                yield return Deferred.Succeed(1);
                yield return InlineCallbacks.Return(other);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> ReturnsADeferredUntyped(Deferred other)
            {
                yield return InlineCallbacks.Return<Deferred>(other);
            }

            public static async Deferred<Deferred> AsyncReturnsADeferred(Deferred other)
            {
                await Deferred.Succeed(1);
                return other;
            }

            public static async Deferred<Deferred> AsyncReturnsADeferredAtOnce(Deferred other)
            {
                return other;
            }
        }
        """;

    private readonly LoadedCode _code;

    public RuntimeRegressionTests(RuntimeRegressionFixture fixture)
    {
        _code = fixture.Code;
        _code.Log.Clear();
    }

    private Deferred Start(string name, bool naive, params object?[] arguments)
    {
        if (!naive)
        {
            return _code.CallDeferred(name + "Async", arguments);
        }

        var iterator = (IEnumerable<Deferred>)_code.Call(name, arguments)!;
        Type returnType = _code.Assembly.GetType("Code")!.GetMethod(name + "Async")!.ReturnType;
        return returnType == typeof(Deferred)
            ? global::Torsion.InlineCallbacks.Run(iterator)
            : (Deferred)typeof(global::Torsion.InlineCallbacks).GetMethods().Single(m => m.Name == "Run" && m.IsGenericMethod)
                .MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, new object[] { iterator })!;
    }

    private static Failure FailureOf(Deferred deferred)
    {
        Assert.True(deferred.IsFailed, "expected a failed Deferred, got " + deferred);
        var failure = (Failure)deferred.Result!;
        deferred.AddErrback((Failure _) => { });
        return failure;
    }

    // ------------------------------------------------------------- issue 10, item 2

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Yielding_a_retired_typed_handle_fails_at_the_yield_and_runs_every_finally(bool naive)
    {
        var retired = new Deferred<int>();
        retired.AddCallback(x => x.ToString()); // changes the type: 'retired' may no longer be used
        Deferred result = Start("YieldRetired", naive, retired);
        Assert.Equal(new[] { "try", "inner finally", "outer finally" }, _code.Log);
        Assert.IsType<InvalidOperationException>(FailureOf(result).Value);
    }

    // ------------------------------------------------------------- issue 10, item 4

    /// <summary>
    /// Twisted 22.4 (checked by running it under Debian's Python; see docs/inline-callbacks.md) prints, for the same
    /// program: cb1 1, resumed 'x', cb1 after fire, cb2 2, d1 gives 20, done 20. The body resumes at
    /// once when the Deferred it waits for fires, even from inside another chain; yielding a Deferred
    /// whose callbacks are still running waits for the result the chain ends with.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Yielding_a_Deferred_in_the_middle_of_its_chain_waits_for_the_end_of_the_chain_as_in_Twisted(bool naive)
    {
        List<string> log = _code.Log;
        var d = new Deferred<string>();
        var d1 = new Deferred<int>();
        d1.AddCallback(r =>
        {
            log.Add("cb1 " + r);
            d.Callback("x");
            log.Add("cb1 after fire");
            return r + 1;
        });
        d1.AddCallback(r =>
        {
            log.Add("cb2 " + r);
            return r * 10;
        });
        Deferred result = Start("MidChain", naive, d, d1);
        result.AddBoth(x => { log.Add("done " + x); return x; });
        d1.Callback(1);
        Assert.Equal(new[] { "cb1 1", "resumed x", "cb1 after fire", "cb2 2", "d1 gives 20", "done 20" }, log);
    }

    // ------------------------------------------------------------- issue 10, item 5

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_settled_view_never_fails_even_when_cancelling_it_does_not_end_the_observed_Deferred(bool naive)
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        Deferred inner = Start("CatchesCancel", naive, first, second);
        Deferred<Settled<object?>> view = global::Torsion.InlineCallbacks.Settle(inner);
        view.Cancel();
        Assert.Single(_code.Log);
        Assert.StartsWith("inner saw Failed(CancelledException", _code.Log[0]);
        Assert.False(view.Called); // the inner body caught the cancellation and goes on
        second.Callback(5);
        Assert.True(view.Result.Succeeded);
        Assert.Equal(5, view.Result.Value);
    }

    [Fact]
    public void Cancelling_a_settled_view_whose_Deferred_fails_gives_a_settled_failure()
    {
        var observed = new Deferred<int>();
        Deferred<Settled<int>> view = global::Torsion.InlineCallbacks.Settle(observed);
        view.Cancel();
        Assert.True(view.Result.Failed);
        Assert.IsType<CancelledException>(view.Result.Failure!.Value);
    }

    // ------------------------------------------------------------- issue 8, item 12

    [Fact]
    public void What_Torsion_does_when_a_Deferred_is_fired_with_a_Deferred()
    {
        var exception = Assert.Throws<ArgumentException>(() => Deferred.Succeed<Deferred>(new Deferred()));
        Assert.Contains("another Deferred", exception.Message);
    }

    [Theory]
    [InlineData("ReturnsADeferred", false)]
    [InlineData("ReturnsADeferred", true)]
    [InlineData("ReturnsADeferredUntyped", false)]
    [InlineData("ReturnsADeferredUntyped", true)]
    public void An_InlineCallbacks_method_returning_a_Deferred_fails_like_Callback_and_never_throws(string method, bool naive)
    {
        object other = method == "ReturnsADeferred" ? new Deferred<int>() : new Deferred();
        Deferred result = Start(method, naive, other);
        Exception failure = FailureOf(result).Value;
        Assert.IsType<ArgumentException>(failure);
        Assert.Contains("cannot be fired with another Deferred", failure.Message);
    }

    [Theory]
    [InlineData("AsyncReturnsADeferred")]
    [InlineData("AsyncReturnsADeferredAtOnce")]
    public void An_async_Deferred_method_returning_a_Deferred_fails_like_Callback_and_never_throws(string method)
    {
        var result = (Deferred)_code.Call(method, new Deferred())!;
        Exception failure = FailureOf(result).Value;
        Assert.IsType<ArgumentException>(failure);
        Assert.Contains("cannot be fired with another Deferred", failure.Message);
    }

    // ------------------------------------------------------------- issue 8, item 13

    [Fact]
    public void A_failure_observed_through_a_Settle_view_that_is_never_read_counts_as_handled()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        SettleAndDropTheView();
        Assert.Empty(capture.Flush(typeof(TimeoutException)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SettleAndDropTheView()
    {
        var d = new Deferred<int>();
        global::Torsion.InlineCallbacks.Settle(d); // the view is dropped unread
        d.Errback(new TimeoutException("observed by Settle"));
    }
}
