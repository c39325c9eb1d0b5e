using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Torsion.Generators.InlineCallbacks;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Regressions;

/// <summary>
/// Cases found by random differential testing (issue 10) and by users of the generator's diagnostics
/// (issue 12): each compares the generated machine with the plain driver
/// (<see cref="global::Torsion.InlineCallbacks.Run(IEnumerable{Deferred})"/>) and with the trace
/// ordinary C# gives, or pins the diagnostics.
/// </summary>
public sealed class GeneratorRegressionTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Diagnostics.CodeAnalysis; using Torsion;\n";

    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        public sealed class BoomException : Exception { public BoomException(string m) : base(m) { } }

        public static partial class Code
        {
            public static List<string> Log = new();
            public static Func<int, Deferred<int>> Later = n => Deferred.Succeed(n);

            private static void L(string s) => Log.Add(s);

            public sealed class Res : IDisposable
            {
                private readonly string _n;
                public Res(string n) { _n = n; L("open " + n); }
                public void Dispose() => L("dispose " + _n);
            }

            private static Res Use(string n) => new Res(n);

        """;

    private static LoadedCode Compile(string members) => LoadedCode.Compile(Prelude + members + "\n}\n");

    /// <summary>Runs <c>Name</c> both ways with <see cref="Code.Later"/> returning pending Deferreds fired in order.</summary>
    private static (List<string> Generated, List<string> Naive) BothWays(LoadedCode code, string name, bool cancelAtFirst = false, params object?[] arguments)
    {
        List<string> Run(bool naive)
        {
            code.Log.Clear();
            var pending = new Queue<(Deferred<int>, int)>();
            Func<int, Deferred<int>> later = n =>
            {
                var d = new Deferred<int>();
                pending.Enqueue((d, n));
                return d;
            };
            code.Assembly.GetType("Code")!.GetField("Later")!.SetValue(null, later);
            Deferred result;
            if (naive)
            {
                var iterator = (IEnumerable<Deferred>)code.Call(name, arguments)!;
                result = code.Assembly.GetType("Code")!.GetMethod(name + "Async")!.ReturnType == typeof(Deferred)
                    ? global::Torsion.InlineCallbacks.Run(iterator)
                    : global::Torsion.InlineCallbacks.Run<object?>(iterator);
            }
            else
            {
                result = code.CallDeferred(name + "Async", arguments);
            }

            bool first = true;
            while (pending.Count > 0 && !result.Called)
            {
                (Deferred<int> d, int value) = pending.Dequeue();
                if (first && cancelAtFirst)
                {
                    code.Log.Add("cancel");
                    result.Cancel();
                }
                else if (!d.Called)
                {
                    d.Callback(value);
                }

                first = false;
            }

            if (!result.Called)
            {
                code.Log.Add("=> waiting");
            }
            else if (result.IsFailed)
            {
                var failure = (Failure)result.Result!;
                code.Log.Add("=> " + failure.Type.Name + ": " + failure.GetErrorMessage());
                result.AddErrback((Failure _) => { });
            }
            else
            {
                code.Log.Add("=> " + (result.Result ?? "null"));
            }

            return code.Log.ToList();
        }

        return (Run(naive: false), Run(naive: true));
    }

    // ------------------------------------------------------------- issue 10, item 1

    [Theory]
    [InlineData("end", "")]
    [InlineData("return", "yield return InlineCallbacks.Return(7);")]
    [InlineData("failure", "throw new BoomException(\"boom\");")]
    [InlineData("yield break", "if (Log.Count > 0) yield break;")]
    public void Every_using_declaration_of_a_block_that_yields_is_disposed_in_reverse_order(string way, string exit)
    {
        LoadedCode code = Compile("""
            [InlineCallbacks]
            public static IEnumerable<Deferred> M()
            {
                using var r1 = Use("r1");
                using var r2 = Use("r2");
                using Res r3 = Use("r3"), r4 = Use("r4");
                yield return Later(1);
                L("body");
                EXIT
            }
            """.Replace("EXIT", exit));
        (List<string> generated, List<string> naive) = BothWays(code, "M");
        Assert.Equal(naive, generated);
        Assert.Equal(new[] { "dispose r4", "dispose r3", "dispose r2", "dispose r1" }, generated.Where(l => l.StartsWith("dispose")));
        Assert.True(way.Length > 0);
    }

    [Fact]
    public void Every_using_declaration_is_disposed_on_cancel()
    {
        LoadedCode code = Compile("""
            [InlineCallbacks]
            public static IEnumerable<Deferred> M()
            {
                using var r1 = Use("r1");
                using var r2 = Use("r2");
                yield return Later(1);
                L("not reached");
            }
            """);
        (List<string> generated, List<string> naive) = BothWays(code, "M", cancelAtFirst: true);
        Assert.Equal(naive, generated);
        Assert.Equal(new[] { "open r1", "open r2", "cancel", "dispose r2", "dispose r1", "=> CancelledException: " + generated.Last().Split(": ", 2)[1] }, generated);
    }

    // ------------------------------------------------------------- issue 10, item 6

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Yield_break_inside_try_with_catch_and_inside_catch_is_accepted_and_behaves_like_CSharp(int x)
    {
        LoadedCode code = Compile("""
            [InlineCallbacks]
            public static IEnumerable<Deferred> M(int x)
            {
                try
                {
                    L("try");
                    if (x > 0) yield break;
                    if (x < 0) throw new BoomException("b");
                }
                catch (BoomException)
                {
                    L("catch");
                    yield break;
                }
                finally
                {
                    L("finally");
                }
                yield return Later(1);
                L("after");
            }
            """);
        (List<string> generated, List<string> naive) = BothWays(code, "M", false, x);
        Assert.Equal(naive, generated);
        string[] expected = x switch
        {
            0 => new[] { "try", "finally", "after", "=> null" },
            1 => new[] { "try", "finally", "=> null" },
            _ => new[] { "try", "catch", "finally", "=> null" },
        };
        Assert.Equal(expected, generated);
    }

    // ------------------------------------------------------------- issue 10, item 7

    [Fact]
    public void Returns_of_tuples_that_differ_only_in_element_names_are_one_type()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                [InlineCallbacks]
                IEnumerable<Deferred> M(int p)
                {
                    if (p > 0) { yield return InlineCallbacks.Return((p, "a")); }
                    yield return InlineCallbacks.Return((3, "b"));
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("Deferred<(int p, string)>", run.SingleSource);

        // Different element types, or different nullability, are still different types.
        run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                [InlineCallbacks]
                IEnumerable<Deferred> M(int p)
                {
                    if (p > 0) { yield return InlineCallbacks.Return((p, "a")); }
                    yield return InlineCallbacks.Return((3L, "b"));
                }
            }
            """);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "TRS106");
    }

    // ------------------------------------------------------------- issue 12: TRS108, local functions

    [Fact]
    public void No_TRS108_for_a_break_after_Return_in_a_switch_section()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                [InlineCallbacks]
                IEnumerable<Deferred> M(int k)
                {
                    yield return Deferred.Succeed(1);
                    switch (k)
                    {
                        case 1: yield return InlineCallbacks.Return(10); break;
                        case 2: { yield return InlineCallbacks.Return(20); } break;
                        default: yield return InlineCallbacks.Return(0); break;
                    }
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);

        // A break that can be reached still counts.
        run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                [InlineCallbacks]
                IEnumerable<Deferred> M(int k)
                {
                    yield return Deferred.Succeed(1);
                    switch (k)
                    {
                        case 1: if (k > 0) yield return InlineCallbacks.Return(10); break;
                        default: yield return InlineCallbacks.Return(0); break;
                    }
                }
            }
            """);
        Assert.Equal("TRS108", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void A_local_function_gets_only_TRS104_and_nothing_is_generated()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                void Outer()
                {
                    [InlineCallbacks] IEnumerable<Deferred> LocalAsync() { yield return Deferred.Succeed(1); }
                    LocalAsync();
                }
            }
            """);
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("TRS104", d.Id);
        Assert.Contains("'LocalAsync'", d.GetMessage());
        Assert.Empty(run.Sources);
    }

    // ------------------------------------------------------------- issue 12: suppression

    private const string MayFinishWithoutValue =
        "[InlineCallbacks] IEnumerable<Deferred> M(bool b) { if (b) yield return InlineCallbacks.Return(1); }";

    [Fact]
    public void TRS1xx_diagnostics_are_located_in_the_compilations_syntax_tree()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + "public partial class C { " + MayFinishWithoutValue + " }");
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("TRS108", d.Id);
        Assert.True(d.Location.IsInSource);
        Assert.Same(run.Output.SyntaxTrees.First(t => t.FilePath == "Input.cs"), d.Location.SourceTree);
    }

    [Fact]
    public void TRS1xx_is_suppressed_by_pragma_warning_disable()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + "public partial class C {\n#pragma warning disable TRS108\n" + MayFinishWithoutValue + "\n#pragma warning restore TRS108\n}");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "TRS108" && !d.IsSuppressed);

        // Outside the pragma's range it is still reported.
        run = GeneratorHarness.Run(Usings + "public partial class C {\n#pragma warning disable TRS108\n#pragma warning restore TRS108\n" + MayFinishWithoutValue + "\n}");
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "TRS108" && !d.IsSuppressed);
    }

    [Fact]
    public void TRS1xx_severity_follows_editorconfig()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(("/src/Input.cs", Usings + "public partial class C { " + MayFinishWithoutValue + " }"));
        var optionsProvider = new EditorConfigTreeOptions(("TRS108", ReportDiagnostic.Suppress));
        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(optionsProvider));
        GeneratorRun run = GeneratorHarness.Run(compilation);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "TRS108");

        compilation = compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new EditorConfigTreeOptions(("TRS108", ReportDiagnostic.Error))));
        run = GeneratorHarness.Run(compilation);
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(run.GeneratorDiagnostics, d => d.Id == "TRS108").Severity);
    }

    [Fact]
    public void TRS1xx_is_suppressed_by_SuppressMessage()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + "public partial class C { [SuppressMessage(\"Torsion.InlineCallbacks\", \"TRS108\", Justification = \"test\")] " + MayFinishWithoutValue + " }");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "TRS108" && !d.IsSuppressed);

        run = GeneratorHarness.Run(Usings + "public partial class C { [SuppressMessage(\"Torsion.InlineCallbacks\", \"TRS107\", Justification = \"test\")] " + MayFinishWithoutValue + " }");
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "TRS108" && !d.IsSuppressed);
    }

    /// <summary>What an .editorconfig <c>dotnet_diagnostic.ID.severity</c> line gives the compiler: a per-tree severity.</summary>
    private sealed class EditorConfigTreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly ImmutableDictionary<string, ReportDiagnostic> _severities;

        public EditorConfigTreeOptions(params (string Id, ReportDiagnostic Severity)[] severities) =>
            _severities = severities.ToImmutableDictionary(s => s.Id, s => s.Severity);

        public override GeneratedKind IsGenerated(SyntaxTree tree, System.Threading.CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, System.Threading.CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            _severities.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, System.Threading.CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return false;
        }
    }
}
