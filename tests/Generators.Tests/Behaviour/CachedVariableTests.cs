using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Behaviour;

/// <summary>
/// The body method keeps hoisted variables in locals while it runs and stores them back in the machine
/// only when it returns to wait. These tests check the rules for which variables may be kept so: each
/// body suspends on an unfired Deferred and is resumed by a later call, so a value kept only in a local
/// of the earlier call, or a closure reading a stale copy, gives a different result.
/// </summary>
public sealed class CachedVariableTests
{
    private const string Source = """
using System;
using System.Collections.Generic;
using System.Linq;
using Torsion;

public struct CountingResource : IDisposable
{
    public int Value;
    public bool MoveNext() => ++Value <= 3;
    public void Dispose() => Code.Log.Add("disposed at " + Value);
}

public static partial class Code
{
    public static List<string> Log = new();

    static void AddTo(ref int target, int value) => target += value;

    // A lambda mutates the variable before and after a suspension; the body writes and reads it too.
    [InlineCallbacks]
    public static IEnumerable<Deferred> LambdaCapture(Deferred<int> a, Deferred<int> b)
    {
        int x = 1;
        Action bump = () => x += 10;
        bump();
        yield return a;
        x += a.Result;
        bump();
        yield return b;
        x += b.Result;
        yield return InlineCallbacks.Return(x);
    }

    // A lambda created before a suspension and run after it, reading a parameter written after it.
    [InlineCallbacks]
    public static IEnumerable<Deferred> LambdaReadsParameter(int factor, Deferred<int> a)
    {
        Func<int> scaled = () => factor * 2;
        yield return a;
        factor = a.Result;
        yield return InlineCallbacks.Return(scaled());
    }

    // A local function captures a hoisted variable and is called on both sides of a suspension,
    // directly and through a delegate made before the suspension.
    [InlineCallbacks]
    public static IEnumerable<Deferred> LocalFunctionCapture(Deferred<int> a)
    {
        int total = 0;
        void Add(int value) { total += value; }
        Action<int> addLater = Add;
        Add(1);
        yield return a;
        addLater(a.Result);
        total *= 2;
        Add(100);
        yield return InlineCallbacks.Return(total);
    }

    // A query expression built before a suspension and evaluated after it reads the variable's new value.
    [InlineCallbacks]
    public static IEnumerable<Deferred> QueryCapture(int[] items, Deferred<int> a)
    {
        int limit = 0;
        var query = from item in items where item > limit select item;
        yield return a;
        limit = a.Result;
        yield return InlineCallbacks.Return(query.Count());
    }

    // A struct resource of a using declaration, mutated between suspensions and disposed at the end.
    [InlineCallbacks]
    public static IEnumerable<Deferred> UsingStruct(Func<int, Deferred<int>> get)
    {
        int sum = 0;
        using var resource = new CountingResource();
        while (resource.MoveNext())
        {
            Deferred<int> step = get(resource.Value);
            yield return step;
            sum += resource.Value * step.Result;
        }
        Log.Add("after loop " + resource.Value);
        yield return InlineCallbacks.Return(sum);
    }

    // A hoisted variable passed by ref to a call and aliased by a ref local, around a suspension.
    [InlineCallbacks]
    public static IEnumerable<Deferred> RefArgument(Deferred<int> a)
    {
        int n = 1;
        AddTo(ref n, 10);
        yield return a;
        AddTo(ref n, a.Result);
        {
            ref int alias = ref n;
            alias *= 2;
        }
        yield return InlineCallbacks.Return(n);
    }

    // Values written before each suspension (parameters, locals, loop variables) are seen after it.
    [InlineCallbacks]
    public static IEnumerable<Deferred> WritesSurviveSuspension(int start, Func<int, Deferred<int>> get)
    {
        start += 1;
        string text = "s" + start;
        int sum = 0;
        for (int i = 0; i < 3; i++)
        {
            Deferred<int> step = get(i);
            text += "/" + i;
            yield return step;
            sum += i * step.Result;
            text += ":" + step.Result;
        }
        start *= 10;
        int x = 0;
        try
        {
            x = 1;
            yield return get(3);
            x += 1;
        }
        finally
        {
            Log.Add("finally x=" + x);
        }
        yield return InlineCallbacks.Return(text + "/sum" + sum + "/start" + start + "/x" + x);
    }
}
""";

    private static readonly Lazy<LoadedCode> s_code = new(() => LoadedCode.Compile(Source));

    private static LoadedCode Code => s_code.Value;

    [Fact]
    public void A_lambda_that_mutates_a_variable_across_a_suspension_sees_and_makes_the_bodys_updates()
    {
        var a = new Deferred<int>();
        var b = new Deferred<int>();
        var result = (Deferred<int>)Code.CallDeferred("LambdaCaptureAsync", a, b);
        Assert.False(result.Called);
        a.Callback(5);
        Assert.False(result.Called);
        b.Callback(100);
        // 1, +10 by the lambda, +5 by the body, +10 by the lambda after the resume, +100 by the body.
        Assert.Equal(126, result.Result);
    }

    [Fact]
    public void A_lambda_run_after_a_resume_reads_a_parameter_written_after_the_suspension()
    {
        var a = new Deferred<int>();
        var result = (Deferred<int>)Code.CallDeferred("LambdaReadsParameterAsync", 3, a);
        a.Callback(21);
        Assert.Equal(42, result.Result);
    }

    [Fact]
    public void A_local_function_capturing_a_variable_updates_it_on_both_sides_of_a_suspension()
    {
        var a = new Deferred<int>();
        var result = (Deferred<int>)Code.CallDeferred("LocalFunctionCaptureAsync", a);
        a.Callback(5);
        Assert.Equal(((1 + 5) * 2) + 100, result.Result);
    }

    [Fact]
    public void A_query_expression_evaluated_after_a_resume_reads_the_variables_new_value()
    {
        var a = new Deferred<int>();
        var result = (Deferred<int>)Code.CallDeferred("QueryCaptureAsync", new[] { 1, 2, 3, 4, 5 }, a);
        a.Callback(3);
        Assert.Equal(2, result.Result);
    }

    [Fact]
    public void A_using_struct_resource_keeps_its_mutations_across_suspensions_and_is_disposed_once_with_its_last_value()
    {
        lock (Code.Log)
        {
            Code.Log.Clear();
            var pending = new List<Deferred<int>>();
            var result = (Deferred<int>)Code.CallDeferred("UsingStructAsync", (Func<int, Deferred<int>>)(_ =>
            {
                var d = new Deferred<int>();
                pending.Add(d);
                return d;
            }));
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1, pending.Count);
                Assert.False(result.Called);
                pending[i].Callback(10);
            }
            Assert.Equal((1 + 2 + 3) * 10, result.Result);
            Assert.Equal(new[] { "after loop 4", "disposed at 4" }, Code.Log);
        }
    }

    [Fact]
    public void A_variable_passed_by_ref_and_aliased_by_a_ref_local_keeps_its_updates_across_a_suspension()
    {
        var a = new Deferred<int>();
        var result = (Deferred<int>)Code.CallDeferred("RefArgumentAsync", a);
        Assert.False(result.Called);
        a.Callback(5);
        Assert.Equal((1 + 10 + 5) * 2, result.Result);
    }

    [Fact]
    public void Values_written_before_a_suspension_on_an_unfired_Deferred_are_seen_after_the_resume()
    {
        lock (Code.Log)
        {
            Code.Log.Clear();
            var pending = new List<Deferred<int>>();
            var result = (Deferred<string>)Code.CallDeferred("WritesSurviveSuspensionAsync", 1, (Func<int, Deferred<int>>)(_ =>
            {
                var d = new Deferred<int>();
                pending.Add(d);
                return d;
            }));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(i + 1, pending.Count);
                Assert.False(result.Called);
                pending[i].Callback(i + 7);
            }
            Assert.Equal("s2/0:7/1:8/2:9/sum26/start20/x2", result.Result);
            Assert.Equal(new[] { "finally x=2" }, Code.Log);
        }
    }

    [Fact]
    public void The_same_bodies_give_the_same_results_when_every_Deferred_has_already_fired()
    {
        Assert.Equal(126, ((Deferred<int>)Code.CallDeferred("LambdaCaptureAsync", Deferred.Succeed(5), Deferred.Succeed(100))).Result);
        Assert.Equal(((1 + 5) * 2) + 100, ((Deferred<int>)Code.CallDeferred("LocalFunctionCaptureAsync", Deferred.Succeed(5))).Result);
        Assert.Equal(32, ((Deferred<int>)Code.CallDeferred("RefArgumentAsync", Deferred.Succeed(5))).Result);
        {
            var result = (Deferred<string>)Code.CallDeferred("WritesSurviveSuspensionAsync", 1, (Func<int, Deferred<int>>)(i => Deferred.Succeed(i + 7)));
            Assert.Equal("s2/0:7/1:8/2:9/sum26/start20/x2", result.Result);
        }
    }

    [Fact]
    public void Only_variables_that_nothing_else_reaches_are_kept_in_locals()
    {
        GeneratorRun run = GeneratorHarness.Run(Source, "User.cs");
        string Generated(string method) => run.Sources.Single(s => s.HintName.Contains("." + method + ".", StringComparison.Ordinal)).SourceText.ToString();

        // Kept in locals: plain locals, parameters, a variable passed by ref, a delegate variable.
        Assert.Contains("var __n_local = __m.n;", Generated("RefArgument"));
        Assert.Contains("var __start_local = __m.start;", Generated("WritesSurviveSuspension"));
        Assert.Contains("var __x_local = __m.x;", Generated("WritesSurviveSuspension"));
        Assert.Contains("var __bump_local = __m.bump;", Generated("LambdaCapture"));
        Assert.Contains("var __sum_local = __m.sum;", Generated("UsingStruct"));
        // Left in fields: captured by a lambda, a local function or a query, or a using resource.
        Assert.DoesNotContain("__x_local", Generated("LambdaCapture"));
        Assert.DoesNotContain("__factor_local", Generated("LambdaReadsParameter"));
        Assert.DoesNotContain("__total_local", Generated("LocalFunctionCapture"));
        Assert.DoesNotContain("__limit_local", Generated("QueryCapture"));
        Assert.DoesNotContain("__resource_local", Generated("UsingStruct"));
    }
}
