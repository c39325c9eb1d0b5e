using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Behaviour;

/// <summary>
/// Compile-and-run tests: user code plus the generated code, compiled in memory and driven by
/// Deferreds fired by hand.
/// </summary>
[Collection(BehaviourCollection.Name)]
public sealed class GeneratedBehaviourTests
{
    private readonly LoadedCode _code;

    public GeneratedBehaviourTests(BehaviourFixture fixture)
    {
        _code = fixture.Code;
        _code.Log.Clear();
    }

    private List<string> Log => _code.Log;

    /// <summary>The 1-based line of <paramref name="snippet"/> in the user's source.</summary>
    private static int LineOf(string snippet)
    {
        int index = BehaviourSource.Text.IndexOf(snippet, StringComparison.Ordinal);
        Assert.True(index >= 0, snippet);
        return BehaviourSource.Text[..index].Count(c => c == '\n') + 1;
    }

    private static Failure FailureOf(Deferred deferred)
    {
        Assert.True(deferred.IsFailed, "expected a failed Deferred, got " + deferred);
        var failure = (Failure)deferred.Result!;
        deferred.AddErrback((Failure _) => { });
        return failure;
    }

    [Fact]
    public void Starts_eagerly_and_stops_at_the_first_unfired_Deferred()
    {
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        var result = (Deferred<int>)_code.CallDeferred("SequenceAsync", a, b);
        Assert.Equal(new[] { "start" }, Log);
        Assert.False(result.Called);
        a.Callback(1);
        Assert.Equal(new[] { "start", "a=1" }, Log);
        b.Callback(2);
        Assert.Equal(3, result.Result);
        Assert.Equal(new[] { "start", "a=1", "b=2" }, Log);
    }

    [Fact]
    public void Already_fired_Deferreds_resume_synchronously()
    {
        var result = (Deferred<int>)_code.CallDeferred("SequenceAsync", Deferred.Succeed(5), Deferred.Succeed(6));
        Assert.Equal(11, result.Result);
    }

    [Fact]
    public void A_body_without_Return_gives_an_untyped_Deferred_that_fires_with_null()
    {
        var a = new Deferred();
        Deferred result = _code.CallDeferred("NoValueAsync", a);
        Assert.IsNotType<Deferred<object>>(result);
        a.Callback("x");
        Assert.True(result.HasResult);
        Assert.Null(result.Result);
        Assert.Equal(new[] { "done" }, Log);
    }

    [Fact]
    public void An_exception_in_the_body_fails_the_Deferred_with_the_original_trace_and_is_not_thrown()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("ThrowsAsync", a);
        a.Callback(7);
        Failure failure = FailureOf(result);
        var exception = Assert.IsType<InvalidOperationException>(failure.Value);
        Assert.Equal("boom 7", exception.Message);
        // The trace names the user's file and the line of the throw (#line mapping).
        Assert.Contains("Behaviour.cs:line " + LineOf("throw new InvalidOperationException(\"boom \""), exception.StackTrace);
        Assert.Contains("at Code.__Throws_MoveNext", exception.StackTrace);
    }

    [Fact]
    public void An_exception_before_the_first_yield_is_not_thrown_to_the_caller()
    {
        Deferred result = _code.CallDeferred("ThrowsBeforeYieldAsync", true);
        Assert.IsType<ArgumentException>(FailureOf(result).Value);
        Deferred ok = _code.CallDeferred("ThrowsBeforeYieldAsync", false);
        Assert.True(ok.HasResult);
        Assert.Null(ok.Result);
    }

    [Fact]
    public void A_failed_yielded_Deferred_raises_at_the_resume_point_and_finally_runs()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("GuardedAsync", a);
        Assert.Equal(new[] { "try" }, Log);
        var error = new TimeoutException("late");
        a.Errback(error);
        Assert.Equal(new[] { "try", "finally" }, Log);
        Failure failure = FailureOf(result);
        Assert.Same(error, failure.Value);
        // Raised at the yield: the rethrow passes through the user's yield line.
        Assert.True(failure.Value.StackTrace!.Contains("Behaviour.cs:line " + (LineOf("Log.Add(\"after \" + a.Result);") - 1)), failure.Value.StackTrace);
    }

    [Fact]
    public void A_yielded_Deferred_that_already_failed_raises_at_the_yield_counts_as_handled_and_finally_runs()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        var error = new TimeoutException("at hand");
        Failure failure = YieldAFailedDeferred(error);
        Assert.Equal(new[] { "try", "finally" }, Log);
        Assert.Same(error, failure.Value);
        Assert.True(failure.Value.StackTrace!.Contains("Behaviour.cs:line " + (LineOf("Log.Add(\"after \" + a.Result);") - 1)), failure.Value.StackTrace);

        // The body took the yielded failure over, and FailureOf handled the method's: once both
        // Deferreds are garbage, nothing is reported.
        Assert.Empty(capture.Flush(typeof(TimeoutException)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private Failure YieldAFailedDeferred(Exception error)
        => FailureOf(_code.CallDeferred("GuardedAsync", Deferred.Fail<int>(error)));

    [Fact]
    public void Finally_runs_exactly_once_on_success()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("GuardedAsync", a);
        a.Callback(1);
        Assert.Equal(new[] { "try", "after 1", "finally", "end" }, Log);
        Assert.Null(result.Result);
    }

    [Fact]
    public void Cancelling_cancels_the_awaited_Deferred_raises_there_and_runs_finally()
    {
        bool cancelled = false;
        var a = new Deferred<int>(_ => cancelled = true);
        Deferred result = _code.CallDeferred("GuardedAsync", a);
        result.Cancel();
        Assert.True(cancelled);
        Assert.Equal(new[] { "try", "finally" }, Log);
        Assert.IsType<CancelledException>(FailureOf(result).Value);
    }

    [Fact]
    public void After_a_cancellation_the_body_may_go_on_and_the_Deferred_stays_cancellable()
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        var result = (Deferred<int>)_code.CallDeferred("KeepsGoingAfterCancelAsync", first, second);
        result.Cancel();
        Assert.True(first.IsFailed);
        Assert.False(result.Called);
        Assert.Equal(new[] { "first: Failed(CancelledException: The Deferred was cancelled.)" }, Log);
        result.Cancel();
        Assert.True(second.IsFailed);
        Assert.Equal(new[] { "first: Failed(CancelledException: The Deferred was cancelled.)", "finally" }, Log);
        Assert.IsType<CancelledException>(FailureOf(result).Value);
    }

    [Fact]
    public void Settle_passes_the_value_when_the_Deferred_succeeds()
    {
        var first = new Deferred<int>();
        var second = new Deferred<int>();
        var result = (Deferred<int>)_code.CallDeferred("KeepsGoingAfterCancelAsync", first, second);
        first.Callback(4);
        second.Callback(5);
        Assert.Equal(4, result.Result);
        Assert.Equal(new[] { "first: Succeeded(4)", "second: 5", "finally" }, Log);
    }

    [Fact]
    public void The_returned_Deferred_fires_exactly_once()
    {
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        var result = (Deferred<int>)_code.CallDeferred("SequenceAsync", a, b);
        int fired = 0;
        result.AddBoth((value, failure) => { fired++; return value; });
        result.Cancel();
        result.Cancel();
        a.Callback(1);
        Assert.Equal(1, fired);
        Assert.False(b.Called);
        Assert.Equal(new[] { "start" }, Log);
    }

    [Fact]
    public void A_million_fired_yields_run_in_constant_stack()
    {
        var result = (Deferred<long>)_code.CallDeferred("ManyFiredAsync", 1_000_000);
        Assert.Equal(499_999_500_000L, result.Result);
    }

    [Fact]
    public void Ten_thousand_nested_generated_methods_complete_without_overflow()
    {
        // A thread with a deliberately small stack (256 KiB): recursion per level would overflow it.
        Deferred<int>? result = null;
        Exception? error = null;
        var leaf = new Deferred<int>();
        var thread = new Thread(() =>
        {
            try
            {
                result = (Deferred<int>)_code.CallDeferred("NestedAsync", 10_000, leaf);
                leaf.Callback(1);
            }
            catch (Exception exception)
            {
                error = exception;
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.Equal(10_001, result!.Result);
    }

    [Fact]
    public void Ten_thousand_nested_generated_methods_over_a_fired_leaf_complete_synchronously()
    {
        Deferred<int>? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = (Deferred<int>)_code.CallDeferred("NestedAsync", 10_000, Deferred.Succeed(5));
            }
            catch (Exception exception)
            {
                error = exception;
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.Equal(10_005, result!.Result);
    }

    [Fact]
    public void Cancelling_the_outermost_of_nested_methods_cancels_the_innermost_wait()
    {
        bool cancelled = false;
        var leaf = new Deferred<int>(_ => cancelled = true);
        var result = (Deferred<int>)_code.CallDeferred("NestedAsync", 3, leaf);
        result.Cancel();
        Assert.True(cancelled);
        Assert.True(result.IsFailed);
        result.AddErrback(failure =>
        {
            Assert.IsType<CancelledException>(failure.Value);
            return 0;
        });
    }

    [Fact]
    public void The_returned_Deferred_keeps_nothing_of_the_finished_body_alive()
    {
        WeakReference argument = StartAndFinish(out Deferred result);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(argument.IsAlive);
        GC.KeepAlive(result);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private WeakReference StartAndFinish(out Deferred result)
    {
        var a = new Deferred<int>();
        result = _code.CallDeferred("GuardedAsync", a);
        a.Callback(1);
        Assert.True(result.HasResult);
        return new WeakReference(a);
    }

    [Fact]
    public void Using_disposes_on_success_in_reverse_order()
    {
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        Deferred result = _code.CallDeferred("UsesAsync", a, b);
        a.Callback(1);
        b.Callback(2);
        Assert.Equal(new[] { "open first", "open second", "body 12", "dispose second", "dispose first", "end" }, Log);
        Assert.True(result.HasResult);
    }

    [Fact]
    public void Using_disposes_on_failure_and_on_cancellation()
    {
        var a = new Deferred<int>();
        Deferred failed = _code.CallDeferred("UsesAsync", a, new Deferred<int>());
        a.Errback(new Exception("x"));
        Assert.Equal(new[] { "open first", "dispose first" }, Log);
        FailureOf(failed);
        Log.Clear();

        var b = new Deferred<int>();
        Deferred cancelled = _code.CallDeferred("UsesAsync", Deferred.Succeed(1), b);
        cancelled.Cancel();
        Assert.Equal(new[] { "open first", "open second", "dispose second", "dispose first" }, Log);
        Assert.IsType<CancelledException>(FailureOf(cancelled).Value);
    }

    [Fact]
    public void Loops_continue_break_and_dispose_their_enumerators()
    {
        var pending = new List<Deferred<int>>();
        Func<int, Deferred<int>> get = n =>
        {
            var d = new Deferred<int>();
            pending.Add(d);
            return d;
        };
        Deferred result = _code.CallDeferred("LoopsAsync", get);
        int value = 0;
        while (pending.Count > 0)
        {
            var next = pending[0];
            pending.RemoveAt(0);
            next.Callback(++value);
        }
        Assert.True(result.HasResult);
        Assert.Equal(new[] { "n1=1", "n3=2", "enumerator disposed", "w3", "w4", "w5", "do6", "x7", "y8" }, Log);
    }

    [Fact]
    public void A_failure_inside_foreach_disposes_the_enumerator()
    {
        Func<int, Deferred<int>> get = n => Deferred.Fail<int>(new FormatException("bad " + n));
        Deferred result = _code.CallDeferred("LoopsAsync", get);
        Assert.Equal(new[] { "enumerator disposed" }, Log);
        Assert.Equal("bad 1", FailureOf(result).Value.Message);
    }

    [Theory]
    [InlineData("abc", "string abc 3|case a abc|tuple 3|label s")]
    [InlineData("zz", "string zz 2|default|tuple 3|label s")]
    [InlineData(7, "int 7|case int 7|default|tuple 3|label i")]
    [InlineData(2.5, "other|default|tuple 3|label ?")]
    public void Branches_patterns_switches_and_deconstruction(object input, string expected)
    {
        Deferred result = _code.CallDeferred("BranchesAsync", input, (Func<int, Deferred<int>>)(n => Deferred.Succeed(n)));
        Assert.True(result.HasResult, result.ToString());
        Assert.Null(result.Result);
        Assert.Equal(expected.Split('|'), Log);
    }

    [Fact]
    public void Goto_labels_and_nested_loop_jumps()
    {
        Deferred result = _code.CallDeferred("JumpsAsync", (Func<int, Deferred<int>>)(n => Deferred.Succeed(n)));
        Assert.True(result.HasResult);
        Assert.Equal(new[] { "i=3", "0,0", "0,1", "2,0", "2,1" }, Log);
    }

    [Fact]
    public void Lambdas_and_local_functions_share_hoisted_locals()
    {
        var pending = new List<Deferred<int>>();
        Deferred result = _code.CallDeferred("LambdasAsync", (Func<int, Deferred<int>>)(n =>
        {
            var d = new Deferred<int>();
            pending.Add(d);
            return d;
        }));
        for (int i = 0; i < pending.Count; i++)
        {
            pending[i].Callback(i * 10);
        }
        Assert.True(result.HasResult);
        Assert.Equal(new[] { "twice 12", "results 10,20,30" }, Log);
    }

    [Fact]
    public void Lambdas_capture_a_fresh_variable_per_iteration_as_in_CSharp()
    {
        var pending = new List<Deferred<int>>();
        var captured = new List<Func<string>>();
        Deferred result = _code.CallDeferred("PerIterationAsync", (Func<int, Deferred<int>>)(n =>
        {
            var d = new Deferred<int>();
            pending.Add(d);
            return d;
        }), captured);
        for (int i = 0; i < pending.Count; i++)
        {
            pending[i].Callback(i);
        }
        Assert.True(result.HasResult);
        // Each lambda sees its own iteration's variable, including writes made after it was created.
        Assert.Equal(new[] { "a", "b", "c", "i10", "i11", "i12" }, captured.Select(f => f()));
    }

    [Fact]
    public void Lambdas_capture_a_fresh_variable_per_iteration_when_every_Deferred_has_already_fired()
    {
        var captured = new List<Func<string>>();
        Deferred result = _code.CallDeferred("PerIterationAsync", (Func<int, Deferred<int>>)(n => Deferred.Succeed(n)), captured);
        Assert.True(result.HasResult);
        // All iterations run in one call of the body: each lambda must still keep its own iteration's variable.
        Assert.Equal(new[] { "a", "b", "c", "i10", "i11", "i12" }, captured.Select(f => f()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Local_functions_and_declared_variables_capture_a_fresh_variable_per_iteration(bool fired)
    {
        var pending = new List<Deferred<int>>();
        var captured = new List<Func<string>>();
        Deferred result = _code.CallDeferred("LocalFunctionsPerIterationAsync", (Func<int, Deferred<int>>)(n =>
        {
            if (fired)
            {
                return Deferred.Succeed(n);
            }
            var d = new Deferred<int>();
            pending.Add(d);
            return d;
        }), captured);
        for (int i = 0; i < pending.Count; i++)
        {
            pending[i].Callback(i);
        }
        Assert.True(result.HasResult);
        Assert.Null(result.Result);
        // Direct calls before and after the yield see the current iteration's variable; so does a
        // recursive local function, and one called through another.
        Assert.Equal(
            new[] { "before a!", "after a!", "before b!", "after b!", "before c!", "after c!", "count 12", "count 13" },
            Log);
        // Each delegate (made from a local function, or a lambda calling local functions, or capturing
        // out/pattern/deconstruction/switch-pattern/foreach-deconstruction variables) keeps its iteration's
        // variables, including the writes made after it was created.
        Assert.Equal(
            new[] { "a!", "b!", "c!", "t11/L10s10", "t12/L11s11", "100p000", "m1", "107p112", "m4", "x1", "y2" },
            captured.Select(f => f()));
    }

    [Fact]
    public void A_failure_raised_into_the_body_is_handled_there_and_the_method_failure_is_reported_once()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        FailAndHandle();
        Assert.Empty(capture.Flush(typeof(TimeoutException)));
        FailAndIgnore();
        Assert.Single(capture.Flush(typeof(TimeoutException)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void FailAndHandle()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("GuardedAsync", a);
        a.Errback(new TimeoutException("handled"));
        result.AddErrback((Failure _) => { });
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void FailAndIgnore()
    {
        var a = new Deferred<int>();
        _code.CallDeferred("GuardedAsync", a);
        a.Errback(new TimeoutException("ignored"));
    }

    [Fact]
    public void Checked_and_unchecked_blocks_keep_their_arithmetic_context_across_yields()
    {
        Deferred result = _code.CallDeferred("OverflowAsync", Deferred.Succeed(int.MaxValue));
        Assert.Equal(new[] { "unchecked " + int.MinValue }, Log);
        Assert.IsType<OverflowException>(FailureOf(result).Value);
    }

    [Fact]
    public void A_failure_passing_through_nested_methods_keeps_every_level_in_its_trace()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("CallsThrowsAsync", a);
        a.Callback(3);
        Exception error = FailureOf(result).Value;
        Assert.Equal("boom 3", error.Message);
        string trace = error.StackTrace!;
        // Where it was thrown (inner body) and where it was raised again (outer body's yield).
        Assert.Contains("__Throws_MoveNext", trace);
        Assert.Contains("Behaviour.cs:line " + LineOf("throw new InvalidOperationException(\"boom \""), trace);
        Assert.Contains("__CallsThrows_MoveNext", trace);
        Assert.Contains("Behaviour.cs:line " + (LineOf("Log.Add(\"unreachable\");") - 1), trace);
        Assert.Empty(Log);
    }

    /// <summary>
    /// The stack trace of a failure raised in generated bodies: the user's file and lines (from #line),
    /// innermost first, and no frame of Torsion itself (the machine, the Deferred runner, Failure).
    /// </summary>
    private static void AssertUserTrace(Failure failure, params string[] lines)
    {
        foreach (string trace in new[] { failure.Value.StackTrace!, failure.GetTraceback() })
        {
            Assert.DoesNotContain(trace.Split('\n'), line => line.TrimStart().StartsWith("at Torsion.", StringComparison.Ordinal));
            Assert.DoesNotContain("InlineCallbacksMachine", trace);
            int previous = -1;
            foreach (string line in lines)
            {
                string where = "/src/User/Behaviour.cs:line " + LineOf(line);
                int index = trace.IndexOf(where, StringComparison.Ordinal);
                Assert.True(index > previous, "expected " + where + " (" + line + ") after the previous line in:\n" + trace);
                previous = index;
            }
        }
    }

    [Fact]
    public void A_failure_thrown_synchronously_traces_to_the_users_line_only()
    {
        Deferred result = _code.CallDeferred("TraceCAsync", new Deferred<int>(), true);
        AssertUserTrace(FailureOf(result), "throw new InvalidOperationException(\"trace early\")");
    }

    [Fact]
    public void A_failure_thrown_after_resuming_from_a_later_Deferred_traces_to_the_users_line_only()
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("TraceCAsync", a, false);
        a.Callback(5);
        AssertUserTrace(FailureOf(result), "throw new InvalidOperationException(\"trace late \"");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_failure_through_nested_bodies_traces_every_users_line_innermost_first(bool early)
    {
        var a = new Deferred<int>();
        Deferred result = _code.CallDeferred("TraceAAsync", a, early);
        if (!early)
        {
            Assert.False(result.Called);
            a.Callback(5);
        }
        AssertUserTrace(
            FailureOf(result),
            early ? "throw new InvalidOperationException(\"trace early\")" : "throw new InvalidOperationException(\"trace late \"",
            "yield return c;\n        Log.Add(\"unreachable B\");",
            "yield return b;\n        Log.Add(\"unreachable A\");");
        Assert.Empty(Log);
    }

    [Fact]
    public void Yielding_null_fails_with_a_clear_message()
    {
        Deferred result = _code.CallDeferred("YieldsNullAsync");
        var error = Assert.IsType<InvalidOperationException>(FailureOf(result).Value);
        Assert.Contains("yielded null", error.Message);
    }

    [Fact]
    public void MethodName_renames_the_generated_method()
    {
        var result = (Deferred<string>)_code.CallDeferred("Renamed");
        Assert.Equal("renamed", result.Result);
    }

    [Fact]
    public void Generic_methods_work()
    {
        var source = new Deferred<string>();
        var result = (Deferred<List<string>>)_code.CallGeneric("GenericAsync", new[] { typeof(string) }, source)!;
        Assert.False(result.Called);
        source.Callback("x");
        Assert.Equal(new[] { "x", "x" }, result.Result);
    }

    [Fact]
    public void Instance_methods_of_generic_types_use_this_and_base()
    {
        Type type = _code.Assembly.GetType("Derived`1")!.MakeGenericType(typeof(int));
        object instance = Activator.CreateInstance(type)!;
        var items = new[] { new Deferred<int>(), Deferred.Succeed(2) };
        var result = (Deferred<string>)type.GetMethod("AddAllAsync")!.Invoke(instance, new object[] { items })!;
        items[0].Callback(1);
        Assert.Equal("base 2 / derived 2 / 1,2", result.Result);
    }

    [Fact]
    public void Static_methods_of_nested_types_in_generic_types_work()
    {
        Type inner = _code.Assembly.GetType("Derived`1+Inner")!.MakeGenericType(typeof(string));
        var item = new Deferred<string>();
        var result = (Deferred)inner.GetMethod("MakeAsync", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .Invoke(null, new object[] { item })!;
        item.Callback("z");
        Assert.Equal("derived 0", result.Result!.GetType().GetMethod("Describe")!.Invoke(result.Result, null));
    }
}
