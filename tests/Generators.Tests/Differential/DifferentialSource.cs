namespace Torsion.Generators.Tests.Differential;

/// <summary>
/// Iterator bodies run both ways: through the generated state machine (<c>BodyNAsync</c>) and through
/// the naive run-time driver (<c>InlineCallbacks.Run(BodyN(...))</c>). Every observable step goes to Log.
/// </summary>
internal static class DifferentialSource
{
    public const string Text = """
using System;
using System.Collections;
using System.Collections.Generic;
using Torsion;

public static partial class Bodies
{
    public static List<string> Log = new();
    public static Func<int, Deferred<int>> Get = n => Deferred.Succeed(n);

    private static void L(string s) => Log.Add(s);

    public sealed class Res : IDisposable
    {
        private readonly string _n;
        public Res(string n) { _n = n; L("open " + n); }
        public void Dispose() => L("close " + _n);
    }

    public sealed class Seq : IEnumerable<int>
    {
        private readonly int _count;
        public Seq(int count) => _count = count;
        public IEnumerator<int> GetEnumerator() { try { for (int i = 0; i < _count; i++) { L("produce " + i); yield return i; } } finally { L("seq disposed"); } }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body1(int x)
    {
        var a = Get(x); yield return a; L("a " + a.Result);
        var b = Get(a.Result + 1); yield return b; L("b " + b.Result);
        var c = Get(b.Result + 1); yield return c; L("c " + c.Result);
        yield return InlineCallbacks.Return(a.Result + b.Result + c.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body2(int x)
    {
        int sum = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i == 1) continue;
            var d = Get(i + x);
            yield return d;
            L("i" + i + " " + d.Result);
            if (d.Result > x + 3) break;
            sum += d.Result;
        }
        yield return InlineCallbacks.Return(sum);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body3(int x)
    {
        int n = x;
        while (n < x + 20)
        {
            var d = Get(n);
            yield return d;
            n = d.Result + 7;
            L("n " + n);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body4(int x)
    {
        try
        {
            L("outer try");
            var a = Get(x);
            yield return a;
            try
            {
                L("inner try");
                yield return Get(x + 1);
                L("inner after");
            }
            finally
            {
                L("inner finally");
            }
            yield return Get(x + 2);
            L("outer after");
        }
        finally
        {
            L("outer finally");
        }
        L("end");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body5(int x)
    {
        try
        {
            for (int i = 0; ; i++)
            {
                var d = Get(i);
                yield return d;
                L("got " + d.Result);
                if (i == 2) yield break;
            }
        }
        finally
        {
            L("finally");
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body6(int x)
    {
        foreach (int i in new Seq(4))
        {
            try
            {
                var d = Get(i);
                yield return d;
                if (i == 2) yield return InlineCallbacks.Return(d.Result * 100);
                L("item " + d.Result);
            }
            finally
            {
                L("item finally " + i);
            }
        }
        yield return InlineCallbacks.Return(-1);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body7(int x)
    {
        using (new Res("r1"))
        {
            yield return Get(1);
            using var r2 = new Res("r2");
            yield return Get(2);
            L("in using");
        }
        L("after using");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body8(int x)
    {
        for (int k = 0; k < 4; k++)
        {
            switch (k)
            {
                case 0:
                    yield return Get(10);
                    L("case 0");
                    break;
                case 1:
                    L("case 1 -> 3");
                    goto case 3;
                case 2:
                    yield return Get(20);
                    L("case 2");
                    continue;
                case 3:
                    yield return Get(30);
                    L("case 3");
                    break;
            }
            L("after switch " + k);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body9(int x)
    {
        int i = 0;
        do
        {
            var d = Get(i);
            yield return d;
            L("do " + d.Result);
            i++;
        } while (i < 3);
        yield return InlineCallbacks.Return(i);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body10(int x)
    {
        try
        {
            var d = Get(x);
            yield return d;
            L("before throw");
            if (d.Result >= 0) throw new InvalidOperationException("thrown " + d.Result);
            L("unreachable");
        }
        finally
        {
            L("finally");
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body11(int x)
    {
        try
        {
            yield return Get(x);
            L("body");
        }
        finally
        {
            L("finally throws");
            throw new FormatException("from finally");
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body12(int x)
    {
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                var d = Get(a * 3 + b);
                yield return d;
                L(a + "," + b);
                if (d.Result == 4) goto done;
            }
        }
        L("no exit");
    done:
        L("done");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body13(int x)
    {
        object boxed = x;
        if (boxed is int n && n >= 0)
        {
            var d = Get(n);
            yield return d;
            L("n " + n + " " + d.Result);
        }
        var (p, q) = (x, x + 1);
        yield return Get(p);
        L("pq " + (p + q));
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body14(int x)
    {
        var s = InlineCallbacks.Settle(Get(x));
        yield return s;
        L(s.Result.Failed ? "settled failure " + s.Result.Failure!.Type.Name : "settled " + s.Result.Value);
        var t = Get(x + 1);
        yield return t;
        L("t " + t.Result);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body15(int x)
    {
        int counter = 0;
        Func<int> next = () => ++counter;
        var d = Get(x);
        yield return d;
        yield return d;
        L("twice " + d.Result + " " + next() + " " + next());
        yield return Get(counter);
        L("counter " + counter);
        yield return InlineCallbacks.Return(counter);
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body16(int x)
    {
        foreach (var (name, n) in new[] { ("a", 1), ("b", 2), ("c", 3) })
        {
            if (n == 2) continue;
            var d = Get(n);
            yield return d;
            L(name + d.Result);
        }
        foreach (int i in new Seq(3))
        {
            if (i == 1) break;
            yield return Get(i);
            L("seq " + i);
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body17(int x)
    {
        string kind = x switch { 0 => "zero", > 0 => "positive", _ => "negative" };
        yield return Get(x);
        L(kind);
        if (kind == "zero")
        {
            yield break;
        }
        else if (kind == "positive")
        {
            yield return Get(1);
            L("positive branch");
        }
        else
        {
            L("negative branch");
        }
        L("end");
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body18(int x)
    {
        var later = new List<Func<string>>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                int v = i + x;
                string Show() => "v" + v;
                int Depth(int n) => n == 0 ? v : Depth(n - 1) + 1;
                later.Add(Show);
                L("before " + Show());
                var d = Get(v);
                yield return d;
                v += d.Result;
                L("after " + Show() + " " + Depth(2));
                later.Add(() => Show() + "/" + Depth(1));
            }
            foreach (var (name, n) in new[] { ("a", 1), ("b", 2) })
            {
                int.TryParse((n * 3).ToString(), out var parsed);
                if (!(((object)name) is string text)) yield break;
                var (lo, hi) = (n, n + parsed);
                string All() => text + lo + hi + parsed + name + n;
                later.Add(All);
                yield return Get(n);
                parsed++;
                later.Add(() => All() + "!");
            }
        }
        finally
        {
            foreach (Func<string> f in later)
            {
                L("later " + f());
            }
        }
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body19(int x)
    {
        if (x > 0)
        {
            int F(int n) => n + 100;
            var d = Get(F(x));
            yield return d;
            L("F " + F(d.Result) + " " + nameof(F));
        }
        else
        {
            int F(int n) => n - 100;
            Func<int, int> g = F;
            var d = Get(g(x));
            yield return d;
            L("F " + F(d.Result) + " " + nameof(F));
        }
        var fs = new List<Func<int>>();
        int k = 0;
        do
        {
            int copy = k;
            int Read() => copy;
            fs.Add(Read);
            yield return Get(k);
            copy *= 10;
            k++;
        } while (k < 3);
        foreach (var f in fs) L("read " + f());
    }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body20(int x)
    {
        var later = new List<Func<string>>();
        var queue = new Queue<object>(new object[] { "a", "b", "c" });
        while (queue.Count > 0 && queue.Dequeue() is string s)
        {
            later.Add(() => "w" + s);
            yield return Get(s.Length + x);
            s += "!";
        }
        for (int i = 0; i < 3 && int.TryParse((i * 2).ToString(), out var doubled); i++)
        {
            int Doubled() => doubled;
            later.Add(() => "f" + i + doubled + Doubled());
            yield return Get(doubled);
            doubled++;
        }
        int round = 0;
        do
        {
            yield return Get(round);
        }
        while (++round < 3 && round.ToString() is var text && Keep(later, () => "d" + text));
        foreach (var f in later) L(f());
    }

    private static bool Keep(List<Func<string>> list, Func<string> f) { list.Add(f); return true; }

    [InlineCallbacks]
    public static IEnumerable<Deferred> Body21(int x)
    {
        int n = 0;
        var later = new List<Func<string>>();
    again:
        {
            int v = n + x;
            int Twice() => v * 2;
            later.Add(() => "v" + v + "/" + Twice());
            yield return Get(n);
            v += 10;
        }
        if (++n < 3) goto again;
        switch (x)
        {
            case 0:
                int w = n;
                later.Add(() => "w" + w);
                yield return Get(w);
                w++;
                break;
            default:
                w = -n;
                later.Add(() => "w" + w);
                yield return Get(w);
                if (n++ < 5) goto case 0;
                break;
        }
        foreach (var f in later) L(f());
    }
}
""";

    public const int BodyCount = 21;
}
