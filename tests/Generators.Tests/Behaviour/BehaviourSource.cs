namespace Torsion.Generators.Tests.Behaviour;

/// <summary>The user code the behaviour tests compile once, with the generator, and run.</summary>
internal static class BehaviourSource
{
    public const string Path = "/src/User/Behaviour.cs";

    public const string Text = """
using System;
using System.Collections;
using System.Collections.Generic;
using Torsion;

public static partial class Code
{
    public static List<string> Log = new();

    [InlineCallbacks]
    public static IEnumerable<Deferred> Sequence(Deferred<int> a, Deferred<int> b)
    {
        Log.Add("start");
        yield return a;
        Log.Add("a=" + a.Result);
        yield return b;
        Log.Add("b=" + b.Result);
        yield return InlineCallbacks.Return(a.Result + b.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> NoValue(Deferred a)
    {
        yield return a;
        Log.Add("done");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Throws(Deferred<int> a)
    {
        yield return a;
        throw new InvalidOperationException("boom " + a.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> ThrowsBeforeYield(bool fail)
    {
        if (fail)
        {
            throw new ArgumentException("early");
        }
        yield break;
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Guarded(Deferred<int> a)
    {
        try
        {
            Log.Add("try");
            yield return a;
            Log.Add("after " + a.Result);
        }
        finally
        {
            Log.Add("finally");
        }
        Log.Add("end");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> KeepsGoingAfterCancel(Deferred<int> first, Deferred<int> second)
    {
        var settled = InlineCallbacks.Settle(first);
        yield return settled;
        Log.Add("first: " + settled.Result);
        try
        {
            yield return second;
            Log.Add("second: " + second.Result);
        }
        finally
        {
            Log.Add("finally");
        }
        yield return InlineCallbacks.Return(settled.Result.Failed ? -1 : first.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> ManyFired(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            var d = Deferred.Succeed(i);
            yield return d;
            sum += d.Result;
        }
        yield return InlineCallbacks.Return(sum);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Nested(int depth, Deferred<int> leaf)
    {
        if (depth == 0)
        {
            yield return leaf;
            yield return InlineCallbacks.Return(leaf.Result);
            yield break;
        }
        var inner = NestedAsync(depth - 1, leaf);
        yield return inner;
        yield return InlineCallbacks.Return(inner.Result + 1);
    }

    public sealed class Resource : IDisposable
    {
        private readonly string _name;
        public Resource(string name) { _name = name; Log.Add("open " + name); }
        public void Dispose() => Log.Add("dispose " + _name);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Uses(Deferred<int> a, Deferred<int> b)
    {
        using (var first = new Resource("first"))
        {
            yield return a;
            using var second = new Resource("second");
            yield return b;
            Log.Add("body " + a.Result + b.Result);
        }
        Log.Add("end");
    }

    public sealed class Numbers : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator() => new Enumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        private sealed class Enumerator : IEnumerator<int>
        {
            private int _current;
            public int Current => _current;
            object IEnumerator.Current => _current;
            public bool MoveNext() => ++_current <= 5;
            public void Reset() { }
            public void Dispose() => Log.Add("enumerator disposed");
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Loops(Func<int, Deferred<int>> get)
    {
        foreach (int n in new Numbers())
        {
            if (n == 2) continue;
            if (n == 4) break;
            var d = get(n);
            yield return d;
            Log.Add("n" + n + "=" + d.Result);
        }
        int i = 0;
        while (i < 3)
        {
            i++;
            var d = get(10 + i);
            yield return d;
            Log.Add("w" + d.Result);
        }
        do
        {
            var d = get(100);
            yield return d;
            Log.Add("do" + d.Result);
        } while (false);
        foreach (var (name, value) in new[] { ("x", 1), ("y", 2) })
        {
            var d = get(value);
            yield return d;
            Log.Add(name + d.Result);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Branches(object input, Func<int, Deferred<int>> get)
    {
        if (input is string s && s.Length > 1)
        {
            var d = get(s.Length);
            yield return d;
            Log.Add("string " + s + " " + d.Result);
        }
        else if (input is int n)
        {
            yield return get(n);
            Log.Add("int " + n);
        }
        else
        {
            Log.Add("other");
        }
        switch (input)
        {
            case string t when t.StartsWith("a"):
                yield return get(1);
                Log.Add("case a " + t);
                break;
            case int k:
                yield return get(k);
                Log.Add("case int " + k);
                goto default;
            default:
                Log.Add("default");
                break;
        }
        var (left, right) = (1, 2);
        yield return get(left);
        Log.Add("tuple " + (left + right));
        string label = input switch { string => "s", int => "i", _ => "?" };
        yield return get(0);
        Log.Add("label " + label);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Jumps(Func<int, Deferred<int>> get)
    {
        int i = 0;
    again:
        i++;
        yield return get(i);
        if (i < 3) goto again;
        Log.Add("i=" + i);
        for (int x = 0; x < 10; x++)
        {
            for (int y = 0; y < 10; y++)
            {
                if (y == 2) break;
                if (x == 1) continue;
                yield return get(x * 10 + y);
                Log.Add(x + "," + y);
            }
            if (x == 2) break;
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Lambdas(Func<int, Deferred<int>> get)
    {
        int counter = 0;
        Action bump = () => counter++;
        int Twice(int v) => v * 2 + counter;
        yield return get(1);
        bump();
        bump();
        Log.Add("twice " + Twice(5));
        var results = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            var d = get(i);
            d.AddCallback(v => { results.Add(v); return v; });
            yield return d;
        }
        Log.Add("results " + string.Join(",", results));
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> PerIteration(Func<int, Deferred<int>> get, List<Func<string>> captured)
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            captured.Add(() => name);
            yield return get(1);
        }
        for (int i = 0; i < 3; i++)
        {
            var copy = i;
            captured.Add(() => "i" + copy);
            yield return get(i);
            copy += 10;
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> LocalFunctionsPerIteration(Func<int, Deferred<int>> get, List<Func<string>> captured)
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            string Describe() => name + "!";
            Log.Add("before " + Describe());
            captured.Add(Describe);
            yield return get(1);
            Log.Add("after " + Describe());
        }
        for (int i = 0; i < 2; i++)
        {
            int copy = i;
            int Count(int n) => n <= 0 ? copy : Count(n - 1) + 1;
            string Both() => "t" + Count(1) + "/" + Later();
            string Later() => "L" + copy;
            static string Fixed(int v) => "s" + v;
            captured.Add(() => Both() + Fixed(copy));
            yield return get(i);
            copy += 10;
            Log.Add("count " + Count(2));
        }
        int k = 0;
        while (k < 2)
        {
            int.TryParse((k * 7).ToString(), out var parsed);
            if (!(((object)("p" + k)) is string text)) throw new InvalidOperationException();
            var (first, second) = (k, k * 2);
            captured.Add(() => parsed + text + first + second);
            switch (k * 3)
            {
                case int m:
                    captured.Add(() => "m" + m);
                    yield return get(m);
                    m++;
                    break;
            }
            parsed += 100;
            k++;
        }
        foreach (var (key, value) in new[] { ("x", 1), ("y", 2) })
        {
            Func<string> Show() => () => key + value;
            captured.Add(Show());
            yield return get(value);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Overflow(Deferred<int> big)
    {
        unchecked
        {
            yield return big;
            int wrapped = big.Result + 1;
            Log.Add("unchecked " + wrapped);
        }
        checked
        {
            yield return big;
            int sum = big.Result + 1;
            Log.Add("unreachable " + sum);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> CallsThrows(Deferred<int> a)
    {
        var inner = ThrowsAsync(a);
        yield return inner;
        Log.Add("unreachable");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> TraceC(Deferred<int> a, bool early)
    {
        if (early) throw new InvalidOperationException("trace early");
        yield return a;
        throw new InvalidOperationException("trace late " + a.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> TraceB(Deferred<int> a, bool early)
    {
        var c = TraceCAsync(a, early);
        yield return c;
        Log.Add("unreachable B");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> TraceA(Deferred<int> a, bool early)
    {
        var b = TraceBAsync(a, early);
        yield return b;
        Log.Add("unreachable A");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> YieldsNull()
    {
        Deferred? nothing = null;
        yield return nothing!;
    }

    [InlineCallbacks(MethodName = "Renamed")]
    public static IEnumerable<Deferred> CustomName()
    {
        yield return Deferred.Succeed(1);
        yield return InlineCallbacks.Return("renamed");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Generic<T>(Deferred<T> source) where T : notnull
    {
        yield return source;
        yield return InlineCallbacks.Return(new List<T> { source.Result, source.Result });
    }
}

public class Counter
{
    protected int Total;
    public virtual string Describe() => "base " + Total;
}

public partial class Derived<TItem> : Counter
{
    private readonly List<TItem> _items = new();

    public override string Describe() => "derived " + Total;

    public partial class Inner
    {
        [InlineCallbacks]
        internal static IEnumerable<Deferred> Make(Deferred<TItem> item)
        {
            yield return item;
            yield return InlineCallbacks.Return(new Derived<TItem>().Add(item.Result));
        }
    }

    private Derived<TItem> Add(TItem item)
    {
        _items.Add(item);
        return this;
    }

    [InlineCallbacks]
    public IEnumerable<Deferred> AddAll(IEnumerable<Deferred<TItem>> items)
    {
        foreach (var item in items)
        {
            yield return item;
            _items.Add(item.Result);
            this.Total++;
        }
        yield return InlineCallbacks.Return(base.Describe() + " / " + Describe() + " / " + string.Join(",", _items));
    }
}
""";
}
