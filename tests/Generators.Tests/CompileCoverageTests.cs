using System.Linq;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>
/// Many small shapes of user code: each must generate without diagnostics and compile cleanly together
/// with the generated code (no errors, no warnings).
/// </summary>
public sealed class CompileCoverageTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Torsion;
        using static System.Math;
        using Col = System.Collections.Generic;

        """;

    [Theory]
    [InlineData("struct-instance", """
        public partial struct Counter
        {
            private int _count;
            [InlineCallbacks]
            public IEnumerable<Deferred> Bump(Deferred<int> d) { _count++; yield return d; _count += d.Result; yield return InlineCallbacks.Return(_count); }
        }
        """)]
    [InlineData("extension-method", """
        public static partial class Extensions
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Twice(this Deferred<int> d) { yield return d; yield return InlineCallbacks.Return(d.Result * 2); }
            public static Deferred<int> Use(Deferred<int> d) => d.TwiceAsync();
        }
        """)]
    [InlineData("record-and-primary-constructor", """
        public partial record Job(string Name)
        {
            [InlineCallbacks]
            internal IEnumerable<Deferred> Run(Deferred<int> d) { yield return d; Console.WriteLine(Name + d.Result); }
        }
        public partial class Service(int port)
        {
            [InlineCallbacks]
            protected IEnumerable<Deferred> Listen(Deferred d) { yield return d; Console.WriteLine(port); }
        }
        """)]
    [InlineData("params-defaults-attributes", """
        public partial class P
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> Many(string label = "x", [System.Runtime.CompilerServices.CallerMemberName] string caller = "", params Deferred[] all)
            {
                foreach (var d in all) { yield return d; }
                Console.WriteLine(label + caller + nameof(all));
            }
            void Call() => ManyAsync("y", "z", Deferred.Succeed(1), Deferred.Succeed(2));
        }
        """)]
    [InlineData("nullable-dynamic-tuples", """
        public partial class N
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> Values(Deferred<string?> d)
            {
                string? maybe = null;
                dynamic dyn = 1;
                (int Count, string Name) pair = (1, "a");
                yield return d;
                maybe = d.Result;
                dyn = dyn + 1;
                pair.Count++;
                yield return InlineCallbacks.Return((maybe?.Length ?? 0) + (int)dyn + pair.Count + pair.Name.Length);
            }
        }
        """)]
    [InlineData("overloads-and-generics", """
        public partial class G<TOuter> where TOuter : IComparable<TOuter>
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> Pick(Deferred<TOuter> a) { yield return a; yield return InlineCallbacks.Return(a.Result); }
            [InlineCallbacks]
            public IEnumerable<Deferred> Pick(Deferred<TOuter> a, Deferred<TOuter> b) { yield return a; yield return b; yield return InlineCallbacks.Return(a.Result.CompareTo(b.Result) > 0 ? a.Result : b.Result); }
            [InlineCallbacks]
            public static IEnumerable<Deferred> Convert<TIn, TOut>(Deferred<TIn> d, Func<TIn, TOut> f) where TIn : notnull where TOut : class, new()
            { yield return d; yield return InlineCallbacks.Return(f(d.Result) ?? new TOut()); }
        }
        """)]
    [InlineData("usings-static-and-alias", """
        public partial class U
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(Deferred<double> d)
            {
                var list = new Col.List<double>();
                yield return d;
                list.Add(Sqrt(d.Result));
                yield return InlineCallbacks.Return(list.Sum());
            }
        }
        """)]
    [InlineData("locals-const-local-functions-linq", """
        public partial class L
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(Deferred<int[]> d, int limit)
            {
                const int Factor = 3;
                var seen = new HashSet<int>();
                yield return d;
                var big = from x in d.Result where x * Factor > limit select (x, Scaled: Scale(x));
                foreach (var item in big.ToList()) seen.Add(item.Scaled);
                var described = new Dictionary<string, int> { ["limit"] = limit, [nameof(limit)] = seen.Count };
                yield return Deferred.Succeed(described.Count);
                Console.WriteLine(string.Join(",", seen) + Report());
                int Scale(int v) => v * Factor;
                string Report() => $"{seen.Count} of {d.Result.Length} (limit {limit})";
            }
        }
        """)]
    [InlineData("patterns-and-out-vars", """
        public partial class Pt
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(object o, IEnumerator<string> lines, Func<Deferred> wait)
            {
                if (o is not string text) yield break;
                yield return wait();
                Console.WriteLine(text.Length);
                while (lines.MoveNext() && int.TryParse(lines.Current, out var number))
                {
                    yield return wait();
                    Console.WriteLine(number);
                }
                if (o is string { Length: > 2 } longer && longer.StartsWith("a"))
                {
                    yield return wait();
                    Console.WriteLine(longer);
                }
                var kind = o switch { string { Length: 0 } => "empty", string s => s, _ => "?" };
                if ((kind == "?" ? wait() : null) is { } extra)
                {
                    yield return extra;
                }
            }
        }
        """)]
    [InlineData("foreach-shapes", """
        public partial class F
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(List<object> objects, Dictionary<string, int> map, string text, Func<Deferred> wait)
            {
                foreach (string s in objects) { yield return wait(); Console.WriteLine(s); }
                foreach (var pair in map) { yield return wait(); Console.WriteLine(pair.Key + pair.Value); }
                foreach (var c in text) { yield return wait(); Console.WriteLine(c); }
                foreach (var (k, v) in map.Select(p => (p.Key, p.Value))) { yield return wait(); Console.WriteLine(k + v); }
                foreach (int[] row in new int[2][]) { yield return wait(); Console.WriteLine(row?.Length); }
            }
        }
        """)]
    [InlineData("using-shapes", """
        public partial class Us
        {
            public struct Lease : IDisposable { public void Dispose() { } }
            public sealed class Handle : IDisposable { void IDisposable.Dispose() { } }
            [InlineCallbacks]
            public IEnumerable<Deferred> M(Func<Deferred> wait, Handle? maybe)
            {
                using (var lease = new Lease()) { yield return wait(); }
                using (maybe) { yield return wait(); }
                using Handle a = new Handle(), b = new Handle();
                yield return wait();
                lock (this) { Console.WriteLine("locked, no yield"); }
                try { Console.WriteLine("no yield"); } catch (Exception e) when (e is FormatException) { Console.WriteLine(e); }
            }
        }
        """)]
    [InlineData("switch-shapes", """
        public partial class Sw
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(int n, Func<Deferred> wait)
            {
                switch (n)
                {
                    case 1:
                    case 2:
                        yield return wait();
                        goto case 3;
                    case 3:
                        switch (n) { case 1: Console.WriteLine("inner"); break; default: break; }
                        for (int i = 0; i < 2; i++) { if (i == 1) break; }
                        break;
                    case > 10 and < 20:
                        yield return wait();
                        break;
                    default:
                        yield return wait();
                        goto case 1;
                }
            }
        }
        """)]
    [InlineData("multi-line-statements-and-raw-strings", """"
        public partial class Ml
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(Deferred<string> d)
            {
                yield return d;
                var text = $$"""
                    {
                      "value": "{{d.Result}}"
                    }
                    """;
                Console.WriteLine(
                    text
                        .Trim()
                        .Length);
                var verbatim = @"line one
        line two";
                yield return InlineCallbacks.Return(text + verbatim);
            }
        }
        """")]
    [InlineData("calls-between-generated-methods", """
        public partial class Calls
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> Outer(int depth)
            {
                Deferred<int> inner = InnerAsync(depth);
                yield return inner;
                var again = InnerAsync(inner.Result);
                yield return again;
                yield return InlineCallbacks.Return(again.Result + 1);
            }
            [InlineCallbacks]
            private static IEnumerable<Deferred> Inner(int x) { yield return Deferred.Succeed(x); yield return InlineCallbacks.Return(x * 2); }
            [InlineCallbacks]
            public IEnumerable<Deferred> Recursive(int n)
            {
                if (n == 0) yield return InlineCallbacks.Return(0);
                Deferred<int> rest = RecursiveAsync(n - 1);
                yield return rest;
                yield return InlineCallbacks.Return(rest.Result + n);
            }
        }
        """)]
    [InlineData("per-iteration-closures", """
        public delegate bool Parser(string text, out int value);
        public partial class Closures
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> M(List<string> items, Func<int, Deferred<int>> get, List<Delegate> keep)
            {
                foreach (var item in items)
                {
                    T Pick<T>(T fallback) => item.Length > 0 ? fallback : default!;
                    bool Parse(string text, out int value) { value = text.Length + item.Length; return true; }
                    async System.Threading.Tasks.Task<int> LengthLater() { await System.Threading.Tasks.Task.Yield(); return item.Length; }
                    var natural = Pick<int>;
                    Func<string, string> typed = Pick;
                    Parser parser = Parse;
                    keep.Add(natural); keep.Add(typed); keep.Add(parser); keep.Add(LengthLater);
                    Console.WriteLine(nameof(Pick) + Pick(1) + Pick<string>("s"));
                    using var lease = new System.IO.MemoryStream();
                    keep.Add(() => lease.Length + item.Length);
                    switch (items.FindIndex(i => i == item))
                    {
                        case int index when keep.Exists(k => index >= 0 && item != null):
                            yield return get(index);
                            break;
                    }
                    int round = 0;
                again:
                    var step = round;
                    keep.Add(() => step + item);
                    if (++round < 2) goto again;
                    yield return get(round);
                    while (keep.Count < 0 && keep.Exists(k => k.Equals(item)))
                    {
                        yield return get(0);
                    }
                }
                if (items.Count > 0)
                {
                    int F() => 1;
                    yield return get(F());
                }
                else
                {
                    int F() => 2;
                    Func<int> g = F;
                    yield return get(F() + g() + nameof(F).Length);
                }
            }
        }
        """)]
    [InlineData("partial-method", """
        public partial class Pm
        {
            [InlineCallbacks]
            public partial IEnumerable<Deferred> Fetch(Deferred<int> d);
        }
        public partial class Pm
        {
            public partial IEnumerable<Deferred> Fetch(Deferred<int> d)
            {
                yield return d;
                yield return InlineCallbacks.Return(d.Result + 1);
            }
            public Deferred<int> Use() => FetchAsync(Deferred.Succeed(1));
        }
        """)]
    [InlineData("keyword-names-and-shadowing", """
        public partial class K
        {
            private static int State = 1;
            [InlineCallbacks]
            public IEnumerable<Deferred> M(int @event, Deferred d)
            {
                int Await = @event + State;
                { int shadow = 1; Console.WriteLine(shadow); }
                yield return d;
                { int shadow = 2; Console.WriteLine(shadow + Await); }
                foreach (var x in new[] { 1 }) { yield return d; Console.WriteLine(x); }
                foreach (var x in new[] { "s" }) { yield return d; Console.WriteLine(x); }
            }
        }
        """)]
    public void Generates_code_that_compiles_cleanly(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(Header + source, name + ".cs");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.Sources.Count > 0, string.Join("\n", run.CompilationProblems));
        var problems = run.CompilationProblems.Where(d => !d.Location.IsInSource || d.Location.SourceTree!.FilePath.Contains(".g.cs") || d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + string.Join("\n-----\n", run.Sources.Select(s => s.SourceText.ToString())));
    }
}
