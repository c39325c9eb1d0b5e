using System.Linq;
using Microsoft.CodeAnalysis;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>
/// Result types of generated methods that depend on other generated methods' result types: inferred
/// through chains of any length; a cycle needs an explicit type and is left to the compiler.
/// </summary>
public sealed class ResultTypeInferenceTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Torsion;\n";

    // Declared from the outermost to the innermost so that no order of visiting helps: A's type needs
    // B's, which needs C's, which needs D's.
    private const string Chain = Usings + """
        public static partial class Code
        {
            public static List<string> Log = new();

            [InlineCallbacks]
            public static IEnumerable<Deferred> A(int x) { var b = BAsync(x); yield return b; yield return InlineCallbacks.Return(b.Result + 1); }

            [InlineCallbacks]
            public static IEnumerable<Deferred> B(int x) { var c = CAsync(x); yield return c; yield return InlineCallbacks.Return(c.Result * 10); }

            [InlineCallbacks]
            public static IEnumerable<Deferred> C(int x) { var d = DAsync(x); yield return d; yield return InlineCallbacks.Return((long)d.Result.Length); }

            [InlineCallbacks]
            public static IEnumerable<Deferred> D(int x) { yield return Deferred.Succeed(x); yield return InlineCallbacks.Return(new string('d', x)); }
        }
        """;

    [Fact]
    public void A_four_deep_chain_of_dependent_result_types_is_inferred()
    {
        GeneratorRun run = GeneratorHarness.Run(Chain);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var code = new LoadedCode(run.Load());
        Assert.Equal(typeof(Deferred<string>), code.Assembly.GetType("Code")!.GetMethod("DAsync")!.ReturnType);
        Assert.Equal(typeof(Deferred<long>), code.Assembly.GetType("Code")!.GetMethod("CAsync")!.ReturnType);
        Assert.Equal(typeof(Deferred<long>), code.Assembly.GetType("Code")!.GetMethod("BAsync")!.ReturnType);
        Assert.Equal(typeof(Deferred<long>), code.Assembly.GetType("Code")!.GetMethod("AAsync")!.ReturnType);
        var result = (Deferred<long>)code.CallDeferred("AAsync", 3);
        Assert.Equal(31L, result.Result);
    }

    private const string Cycle = Usings + """
        public static partial class Code
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Ping(int n)
            {
                BASE
                var other = PongAsync(n - 1);
                yield return other;
                yield return InlineCallbacks.Return(other.Result + 1);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> Pong(int n)
            {
                var other = PingAsync(n);
                yield return other;
                yield return InlineCallbacks.RETURN(other.Result * 2);
            }
        }
        """;

    [Fact]
    public void A_cycle_without_an_explicit_type_is_left_to_the_compiler()
    {
        // Neither result can be known: nothing is generated for the cycle and the compiler reports the
        // calls (the generator itself reports nothing and does not crash).
        GeneratorRun run = GeneratorHarness.Run(Cycle.Replace("BASE", "").Replace("RETURN", "Return"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Sources);
        Assert.Contains(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains("PingAsync"));
        Assert.Contains(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error && d.GetMessage().Contains("PongAsync"));
    }

    [Fact]
    public void One_known_result_type_in_a_cycle_resolves_the_others()
    {
        // An explicit InlineCallbacks.Return<T> in the cycle.
        GeneratorRun run = GeneratorHarness.Run(Cycle.Replace("BASE", "").Replace("RETURN", "Return<int>"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);

        // A Return whose type does not depend on the cycle (here the base case of the recursion).
        run = GeneratorHarness.Run(Cycle.Replace("BASE", "if (n <= 0) yield return InlineCallbacks.Return(0);").Replace("RETURN", "Return"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        var code = new LoadedCode(run.Load(), "Code");
        Assert.Equal(typeof(Deferred<int>), code.Assembly.GetType("Code")!.GetMethod("PingAsync")!.ReturnType);
        Assert.Equal(typeof(Deferred<int>), code.Assembly.GetType("Code")!.GetMethod("PongAsync")!.ReturnType);
        // Ping(2) = Pong(1) + 1 = Ping(1) * 2 + 1 = (Pong(0) + 1) * 2 + 1 = (Ping(0) * 2 + 1) * 2 + 1 = 3
        Assert.Equal(3, ((Deferred<int>)code.CallDeferred("PingAsync", 2)).Result);
    }
}
