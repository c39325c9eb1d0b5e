using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Torsion.Generators.Tests.Infrastructure;
using Torsion.Testing;

namespace Torsion.Generators.Tests.Regressions;

/// <summary>
/// Issue 12: <c>clock.DeferLater&lt;int&gt;(delay, () =&gt; throw ...)</c> was ambiguous (CS0121) between the
/// <c>Func&lt;T&gt;</c> and <c>Func&lt;Deferred&lt;T&gt;&gt;</c> overloads. Every common call shape must bind,
/// to the overload that gives the documented result.
/// </summary>
public sealed class DeferLaterOverloadTests
{
    [Theory]
    [InlineData("Deferred<int> d = clock.DeferLater<int>(delay, () => throw new InvalidOperationException());")]
    [InlineData("Deferred d = clock.DeferLater(delay, () => throw new InvalidOperationException());")]
    [InlineData("Deferred<int> d = clock.DeferLater(delay, () => 42);")]
    [InlineData("Deferred<int> d = clock.DeferLater<int>(delay, () => 42);")]
    [InlineData("Deferred<int> d = clock.DeferLater(delay, () => Deferred.Succeed(42));")]
    [InlineData("Deferred<int> d = clock.DeferLater<int>(delay, () => Deferred.Succeed(42));")]
    [InlineData("Deferred d = clock.DeferLater(delay, () => Console.WriteLine());")]
    [InlineData("Deferred d = clock.DeferLater(delay, () => (Deferred)Deferred.Succeed(1));")]
    [InlineData("Deferred<string> d = clock.DeferLater<string>(delay, () => throw new InvalidOperationException());")]
    public void Every_DeferLater_call_shape_binds_without_ambiguity(string statement)
    {
        string source = "using System; using Torsion; using Torsion.Testing;\n"
            + "static class C { static void M(Clock clock, TimeSpan delay) { " + statement + " } }";
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(("C.cs", source));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("; ", errors.Select(e => e.ToString())));
    }

    [Fact]
    public void A_typed_DeferLater_whose_function_throws_fails_with_the_exception()
    {
        var clock = new Clock();
        Deferred<int> d = clock.DeferLater<int>(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("late"));
        Assert.False(d.Called);
        clock.Advance(1);
        Assert.True(d.IsFailed);
        var failure = (Failure)((Deferred)d).Result!;
        d.AddErrback((Failure _) => { });
        Assert.IsType<InvalidOperationException>(failure.Value);
        Assert.Equal("late", failure.Value.Message);
    }

    [Fact]
    public void A_typed_DeferLater_with_a_value_or_a_Deferred_fires_with_the_value()
    {
        var clock = new Clock();
        Deferred<int> value = clock.DeferLater<int>(TimeSpan.FromSeconds(1), () => 42);
        Deferred<int> waited = clock.DeferLater(TimeSpan.FromSeconds(1), () => Deferred.Succeed(43));
        clock.Advance(1);
        Assert.Equal(42, value.Result);
        Assert.Equal(43, waited.Result);
    }
}
