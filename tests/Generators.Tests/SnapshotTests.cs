using System.Linq;
using Microsoft.CodeAnalysis;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>
/// The generated source for each construct, compared with its checked-in baseline; each output must
/// also compile without errors or warnings.
/// </summary>
public sealed class SnapshotTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        """;

    private static void Check(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + source, "Snapshots/" + name + ".cs");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string all = string.Join("\n", run.Sources.OrderBy(s => s.HintName, System.StringComparer.Ordinal)
            .Select(s => "// ===== " + s.HintName + "\n" + s.SourceText));
        Snapshot.Verify(all, name);
    }

    [Fact]
    public void SequentialYields() => Check(nameof(SequentialYields), """
        namespace Demo;

        public partial class Downloader
        {
            private readonly Func<string, Deferred<string>> _get;

            public Downloader(Func<string, Deferred<string>> get) => _get = get;

            [InlineCallbacks]
            public IEnumerable<Deferred> FetchLength(string url)
            {
                var page = _get(url);
                yield return page;
                Console.WriteLine(page.Result);
                yield return InlineCallbacks.Return(page.Result.Length);
            }
        }
        """);

    [Fact]
    public void IfElse() => Check(nameof(IfElse), """
        public static partial class Branching
        {
            [InlineCallbacks]
            static IEnumerable<Deferred> Choose(bool fast, Deferred<int> a, Deferred<int> b)
            {
                if (fast)
                {
                    yield return a;
                    Console.WriteLine("fast " + a.Result);
                }
                else if (b.Called)
                {
                    Console.WriteLine("already");
                }
                else
                {
                    yield return b;
                }
            }
        }
        """);

    [Fact]
    public void Loops() => Check(nameof(Loops), """
        public static partial class Looping
        {
            [InlineCallbacks]
            internal static IEnumerable<Deferred> Count(Func<int, Deferred<int>> get)
            {
                int total = 0;
                for (int i = 0; i < 3; i++)
                {
                    var d = get(i);
                    yield return d;
                    if (d.Result < 0) break;
                    if (d.Result == 0) continue;
                    total += d.Result;
                }
                while (total > 10)
                {
                    yield return get(total);
                    total -= 10;
                }
                do
                {
                    yield return get(-1);
                } while (false);
                yield return InlineCallbacks.Return(total);
            }
        }
        """);

    [Fact]
    public void ForEach() => Check(nameof(ForEach), """
        public static partial class Iterating
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Each(List<string> names, int[] numbers, Func<string, Deferred> get)
            {
                foreach (var name in names)
                {
                    yield return get(name);
                }
                foreach (long number in numbers)
                {
                    yield return get(number.ToString());
                }
                foreach (var (key, value) in new Dictionary<string, int>())
                {
                    yield return get(key + value);
                }
            }
        }
        """);

    [Fact]
    public void TryFinallyAndUsing() => Check(nameof(TryFinallyAndUsing), """
        public static partial class Guarding
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Guard(Func<IDisposable> open, Deferred<int> a)
            {
                try
                {
                    using (var first = open())
                    {
                        yield return a;
                    }
                    using var second = open();
                    yield return a;
                    try
                    {
                        Console.WriteLine("inner");
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e.Message);
                    }
                }
                finally
                {
                    Console.WriteLine("finally");
                }
            }
        }
        """);

    [Fact]
    public void SwitchAndPatterns() => Check(nameof(SwitchAndPatterns), """
        public static partial class Matching
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Match(object input, Deferred<int> d)
            {
                if (input is string text && text.Length > 0)
                {
                    yield return d;
                    Console.WriteLine(text);
                }
                switch (input)
                {
                    case int n when n > 0:
                        yield return d;
                        Console.WriteLine(n);
                        break;
                    case 0:
                        goto default;
                    default:
                        yield break;
                }
                var (x, y) = (1, 2);
                int.TryParse("3", out var z);
                yield return d;
                Console.WriteLine(x + y + z);
            }
        }
        """);

    [Fact]
    public void GenericsNestingAndInstanceMembers() => Check(nameof(GenericsNestingAndInstanceMembers), """
        namespace Demo.Caching
        {
            public class Store
            {
                protected virtual string Name => "store";
            }

            public partial class Cache<TKey> : Store where TKey : notnull
            {
                private readonly Dictionary<TKey, object> _values = new();

                protected override string Name => "cache";

                protected internal partial class Loader
                {
                    [InlineCallbacks]
                    private protected static IEnumerable<Deferred> LoadAll<TValue>(IEnumerable<Deferred<TValue>> items) where TValue : class
                    {
                        var loaded = new List<TValue>();
                        foreach (var item in items)
                        {
                            yield return item;
                            loaded.Add(item.Result);
                        }
                        yield return InlineCallbacks.Return(loaded);
                    }
                }

                [InlineCallbacks]
                public IEnumerable<Deferred> Put(TKey key, Deferred<object> value)
                {
                    yield return value;
                    this._values[key] = value.Result!;
                    Console.WriteLine(base.Name + " " + Name);
                }
            }
        }
        """);

    [Fact]
    public void LambdasAndLocalFunctions() => Check(nameof(LambdasAndLocalFunctions), """
        public partial struct Counter
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Run(Deferred<int> d)
            {
                int count = 0;
                Action bump = () => count++;
                int Twice() => count * 2;
                yield return d;
                bump();
                d.AddCallback(v => v + count);
                yield return InlineCallbacks.Return(Twice());
            }
        }
        """);

    [Fact]
    public void GotoAndLabels() => Check(nameof(GotoAndLabels), """
        public static partial class Jumping
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Retry(Func<Deferred<bool>> attempt)
            {
                int tries = 0;
            again:
                tries++;
                var ok = attempt();
                yield return ok;
                if (!ok.Result && tries < 3) goto again;
                yield return InlineCallbacks.Return(tries);
            }
        }
        """);

    [Fact]
    public void PerIterationCapture() => Check(nameof(PerIterationCapture), """
        public static partial class Capturing
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Watch(IEnumerable<string> urls, Func<string, Deferred<string>> get)
            {
                foreach (var url in urls)
                {
                    var page = get(url);
                    page.AddCallback(text => url + ": " + text.Length);
                    yield return page;
                }
            }
        }
        """);

    [Fact]
    public void PerIterationLocalFunctions() => Check(nameof(PerIterationLocalFunctions), """
        public static partial class Describing
        {
            [InlineCallbacks]
            public static IEnumerable<Deferred> Watch(IEnumerable<string> urls, Func<string, Deferred<string>> get, List<Func<string>> later)
            {
                foreach (var url in urls)
                {
                    int.TryParse(url, out var number);
                    string Describe(string text) => url + ": " + text + " #" + number;
                    int Depth(int n) => n == 0 ? number : Depth(n - 1);
                    var page = get(url);
                    page.AddCallback(Describe);
                    yield return page;
                    later.Add(() => Describe(page.Result) + Depth(1));
                }
            }
        }
        """);
}
