using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Analyzers.Blocking;
using Torsion.Analyzers.CodeFixes;
using Torsion.Analyzers.InlineCallbacks;
using TrapRules = Torsion.Analyzers.Traps;

namespace Torsion.Analyzers.Tests;

/// <summary>
/// An editor runs analyzers and asks for code fixes on every keystroke, on code that does not compile.
/// Neither may throw: a thrown exception becomes an AD0001 warning that hides the real diagnostics.
/// </summary>
public class MalformedInputTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Torsion;\n";

    /// <summary>Half-typed and broken code around every construct the analyzers and fixes look at.</summary>
    public static IEnumerable<object[]> Sources()
    {
        string[] bodies =
        {
            "class C { void M() { Thread.Sleep( } }",
            "class C { void M(Deferred d) { d.AddCallback(x => { Thread.Sleep(10) return x; }); } }",
            "class C { void M(Deferred d) { d.AddCallback(x => File.ReadAllText(); } }",
            "class C { async Deferred M(Task t) { t.Wait( } }",
            "class C { async Deferred<int> M(Task<int> t) { return t.Result.; } }",
            "class C { async Deferred M(Stream s) { s.Read(new byte[1], 0, ); } }",
            "class C { async Deferred M(Stream s) { s.Read(new byte[1], 0, 1, 2, 3); } }",
            "class C { async Deferred M(Undefined u) { u.Wait(); u.Result; u.GetAwaiter().GetResult(); } }",
            "class C { async Deferred M() { await; Task.Delay(1).GetAwaiter().GetResult() } }",
            "class C { async Deferred M(Task t) { lock (this) { t.Wait(); } } }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F() { yield return } void G() { F( } }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F(int x) { yield break; } void G() { F(\"wrong\"); F(1, 2); F; } }",
            "partial class C { [InlineCallbacks] int F() => 1; void G() { F(); } }",
            "partial class C { [InlineCallbacks(MethodName = )] IEnumerable<Deferred> F() { yield break; } void G() { F(); } }",
            "partial class C { [InlineCallbacks(MethodName = \"not valid\")] IEnumerable<Deferred> F() { yield break; } void G() { F(); } }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F<T>() { yield break; } void G() { F<>(); F<int, int>(); } }",
            "partial class C { [InlineCallbacks] static IEnumerable<Deferred> F() { yield break; } Action A => () => F(); object O => F(); }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F() { yield break; } void G(Deferred d) { d.AddCallback(_ => F()); d.Callback(F()); var unused = F(); } }",
            "class C { void M() { new Deferred().AddCallback(x => Console.ReadLine(); } }",
            "class { void () { Thread.Sleep(1); } }",
            "[InlineCallbacks] IEnumerable<Deferred> TopLevel() { yield break; } TopLevel();",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F(Task t) { Thread.Sleep(; t.Wait(); var x = File.ReadAllText(); yield return } }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F(Deferred<int> d) { try { yield return d; } catch { } var r = d.Result; var n = new Deferred<int>(); yield return n; yield return InlineCallbacks.Return(d); } }",
            "class C { void M(Deferred<int> d) { d.AddCallback(x => x.ToString()); d.AddCallback(; await d; } }",
            "class C { async Deferred<Deferred<>> M() { return; } }",
            "class P : Torsion.Protocols.Missing { public override void DataReceived(byte[] d) { Thread.Sleep(1); Helper(); } void Helper() => Helper(); }",
            "class C { void M(IReactor r) { r.CallWhenRunning(Missing); r.CallLater(TimeSpan.Zero, M); Func<int> f = null; r.DeferToThread(f); r.Cooperate(Undefined()); } }",
            "class C { void M(IReactor r, Deferred<int> d) { d.AddCallback(x => r.BlockingCallFromThread(() => )); d.AddCallback(x => r.BlockingCallFromThread()); r.CallLater(TimeSpan.Zero, () => r.BlockingCallFromThread(Missing)); } }",
            "class C { async Deferred<Deferred<int>> M() { return Missing(); } async Deferred<Deferred<int>> N() => ; async Deferred<Deferred> O() { return; } }",
            "class C { void M(Deferred<int> d) { d.AddErrback(f => f); d.AddCallback(x => Log(x)); d.AddCallback(x => x + ); var e = d.AddCallback(x => x.ToString()) d.AddCallback(x => x); } }",
            "partial class C { [InlineCallbacks] IEnumerable<Deferred> F(Deferred<int> d) { switch (1) { case 1: yield return InlineCallbacks.Return(d); break; } yield return InlineCallbacks.Return(Missing()); yield return InlineCallbacks.Return(; } }",
            "",
        };

        foreach (string body in bodies)
        {
            yield return new object[] { Usings + body };
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task TheBlockingCallAnalyzerAndItsFixNeverThrow(string source)
    {
        IReadOnlyList<Exception> thrown = await CodeFixHarness.RunOnAnySourceAsync(new BlockingCallAnalyzer(), new BlockingCallCodeFixProvider(), source);
        Assert.Empty(thrown);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task TheIteratorCallAnalyzerAndItsFixNeverThrow(string source)
    {
        IReadOnlyList<Exception> thrown = await CodeFixHarness.RunOnAnySourceAsync(new IteratorCallAnalyzer(), new IteratorCallCodeFixProvider(), source);
        Assert.Empty(thrown);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task TheTrapAnalyzersNeverThrow(string source)
    {
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new TrapRules.RetiredHandleAnalyzer(), new TrapRules.DeferredResultAnalyzer() })
        {
            IReadOnlyList<Exception> thrown = await CodeFixHarness.RunOnAnySourceAsync(analyzer, new BlockingCallCodeFixProvider(), source);
            Assert.Empty(thrown);
        }

        Assert.Empty(await CodeFixHarness.RunOnAnySourceAsync(new TrapRules.InlineCallbacksBodyAnalyzer(), new ResultBeforeYieldCodeFixProvider(), source));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task TheTrapFixesNeverThrow(string source)
    {
        Assert.Empty(await CodeFixHarness.RunOnAnySourceAsync(new TrapRules.RetiredHandleAnalyzer(), new RetiredHandleCodeFixProvider(), source));
        Assert.Empty(await CodeFixHarness.RunOnAnySourceAsync(new TrapRules.DeferredResultAnalyzer(), new DeferredResultCodeFixProvider(), source));
        Assert.Empty(await CodeFixHarness.RunOnAnySourceAsync(new BlockingCallAnalyzer(), new BlockingCallFromThreadCodeFixProvider(), source));
    }

    [Fact]
    public async Task AnAnalyzerThatThrowsIsSeen()
    {
        IReadOnlyList<Exception> thrown = await CodeFixHarness.RunOnAnySourceAsync(new ThrowingAnalyzer(), new BlockingCallCodeFixProvider(), Usings + "class C { }");
        Assert.NotEmpty(thrown);
    }

    // A test double, never shipped or loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1001, RS1036, RS2008
    /// <summary>Proves the harness reports analyzer exceptions: the tests above would see them.</summary>
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_never = new("TEST0001", "never", "never", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("analyzer bug"), Microsoft.CodeAnalysis.CSharp.SyntaxKind.ClassDeclaration);
        }
    }
#pragma warning restore RS1001, RS1036, RS2008
}
