using System;
using System.Collections.Generic;
using System.Text;

namespace Torsion.Generators.Tests.Differential;

/// <summary>The result kind of a random body: what its generated method returns.</summary>
internal enum BodyKind
{
    /// <summary>No Return: an untyped Deferred.</summary>
    Untyped,

    /// <summary>Deferred&lt;int&gt;.</summary>
    Int,

    /// <summary>Deferred&lt;string&gt;.</summary>
    Text,

    /// <summary>Deferred&lt;int?&gt;.</summary>
    Nullable,

    /// <summary>Deferred&lt;Point&gt; (a struct).</summary>
    Struct,

    /// <summary>Deferred&lt;(int, string)&gt;.</summary>
    Tuple,

    /// <summary>A generic method <c>BodyN&lt;T&gt;(int arg, T tag)</c> returning Deferred&lt;T&gt;; run with T = string.</summary>
    Generic,
}

/// <summary>One random body: its method name and result kind.</summary>
internal sealed record RandomBody(string Name, BodyKind Kind, string Text);

/// <summary>
/// Writes random [InlineCallbacks] bodies from a seed (same seed, same bodies): loops with break and
/// continue, branches, switch sections ending in Return, try/finally, using statements and
/// declarations, early exits (yield break, Return), thrown failures, try/catch without yields,
/// Settle views, nested calls to other generated methods (typed, generic), lambdas capturing hoisted
/// variables, and values of type int, string, int?, a struct and a tuple. Every observable step logs
/// a line; every loop is bounded.
/// </summary>
internal sealed class RandomBodyGenerator
{
    /// <summary>The code every batch shares: the log, the Deferred source, helpers and nested generated methods.</summary>
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        public sealed class BoomException : Exception { public BoomException(string m) : base(m) { } }

        public readonly record struct Point(int X, int Y);

        public static partial class Rand
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

            [InlineCallbacks]
            public static IEnumerable<Deferred> InnerInt(int x)
            {
                var d = Get(x);
                yield return d;
                L("inner int " + d.Result);
                yield return InlineCallbacks.Return(d.Result + 1);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> InnerText(int x)
            {
                try
                {
                    var d = Get(x);
                    yield return d;
                    if (d.Result % 5 == 4) throw new BoomException("inner text " + d.Result);
                    yield return InlineCallbacks.Return("s" + d.Result);
                }
                finally
                {
                    L("inner text finally");
                }
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> InnerGeneric<T>(T value)
            {
                var d = Get(7);
                yield return d;
                L("inner generic " + value);
                yield return InlineCallbacks.Return(value);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> InnerVoid(int x)
            {
                using var r = new Res("inner" + x);
                var d = Get(x);
                yield return d;
                L("inner void " + d.Result);
            }
        """;

    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private int _names;
    private BodyKind _kind;

    private RandomBodyGenerator(int seed) => _random = new Random(seed);

    /// <summary>The source of <paramref name="count"/> bodies from <paramref name="seed"/>, named Body{first}...</summary>
    public static (string Source, List<RandomBody> Bodies) Batch(int seed, int first, int count)
    {
        var generator = new RandomBodyGenerator(seed);
        var bodies = new List<RandomBody>();
        var source = new StringBuilder(Prelude);
        for (int i = 0; i < count; i++)
        {
            RandomBody body = generator.Body("Body" + (first + i));
            bodies.Add(body);
            source.AppendLine(body.Text);
        }

        source.AppendLine("}");
        return (source.ToString(), bodies);
    }

    private RandomBody Body(string name)
    {
        _text.Clear();
        _names = 0;
        _kind = (BodyKind)_random.Next(Enum.GetValues<BodyKind>().Length);
        _text.AppendLine("    [InlineCallbacks]");
        _text.AppendLine(_kind == BodyKind.Generic
            ? "    public static IEnumerable<Deferred> " + name + "<T>(int arg, T tag)"
            : "    public static IEnumerable<Deferred> " + name + "(int arg)");
        _text.AppendLine("    {");
        _text.AppendLine("        int acc = arg;");
        _text.AppendLine("        string text = \"t\";");
        Block(depth: 1, inLoop: false, indent: "        ", allowUsingDeclaration: true, statements: _random.Next(2, 6));
        _text.AppendLine("        L(\"end \" + acc + text);");
        if (_kind != BodyKind.Untyped)
        {
            _text.AppendLine("        yield return " + ReturnExpression() + ";");
        }
        else
        {
            // Every body is an iterator even when the random statements have no yield.
            _text.AppendLine("        var last = Get(1); yield return last; L(\"last \" + last.Result);");
        }

        _text.AppendLine("    }");
        return new RandomBody(name, _kind, _text.ToString());
    }

    private string ReturnExpression() => _kind switch
    {
        BodyKind.Int => "InlineCallbacks.Return(acc)",
        BodyKind.Text => "InlineCallbacks.Return(text + acc)",
        BodyKind.Nullable => "InlineCallbacks.Return<int?>(acc % 3 == 0 ? null : acc)",
        BodyKind.Struct => "InlineCallbacks.Return(new Point(acc, text.Length))",
        BodyKind.Tuple => "InlineCallbacks.Return((acc, text))",
        BodyKind.Generic => "InlineCallbacks.Return(tag)",
        _ => throw new InvalidOperationException(),
    };

    private string Name(string prefix) => prefix + (++_names);

    private string Condition() => _random.Next(5) switch
    {
        0 => "arg > " + _random.Next(0, 3),
        1 => "acc % 2 == " + _random.Next(2),
        2 => "text.Length > " + _random.Next(1, 4),
        3 => "acc > " + _random.Next(0, 20),
        _ => "arg == " + _random.Next(0, 3),
    };

    private void Block(int depth, bool inLoop, string indent, bool allowUsingDeclaration, int statements)
    {
        // Zero, one or two using declarations (each must be disposed, in reverse order).
        int usings = allowUsingDeclaration ? _random.Next(8) switch { 0 => 1, 1 => 2, _ => 0 } : 0;
        for (int i = 0; i < usings; i++)
        {
            string r = Name("r");
            _text.AppendLine(indent + "using var " + r + " = new Res(\"" + r + "\");");
        }

        for (int i = 0; i < statements; i++)
        {
            Statement(depth, inLoop, indent);
        }
    }

    private void Statement(int depth, bool inLoop, string indent)
    {
        int choice = _random.Next(depth >= 3 ? 7 : 15);
        switch (choice)
        {
            case 0:
            case 1:
            {
                string d = Name("d");
                _text.AppendLine(indent + "var " + d + " = Get(acc % 7 + " + _random.Next(1, 5) + ");");
                _text.AppendLine(indent + "yield return " + d + ";");
                _text.AppendLine(indent + "acc += " + d + ".Result; L(\"" + d + " \" + " + d + ".Result);");
                break;
            }

            case 2:
            {
                string s = Name("s");
                _text.AppendLine(indent + "var " + s + " = InlineCallbacks.Settle(Get(" + _random.Next(1, 9) + "));");
                _text.AppendLine(indent + "yield return " + s + ";");
                _text.AppendLine(indent + "L(\"" + s + " \" + " + s + ".Result.Failed); if (" + s + ".Result.TryGetValue(out int " + s + "v)) acc += " + s + "v;");
                break;
            }

            case 3:
                NestedCall(indent);
                break;

            case 4:
                _text.AppendLine(indent + "if (" + Condition() + ") { L(\"throw\"); throw new BoomException(\"b" + _random.Next(100) + "\"); }");
                break;

            case 5:
                _text.AppendLine(indent + "if (" + Condition() + ") { L(\"early\"); " + (_kind == BodyKind.Untyped || _random.Next(3) == 0 ? "yield break;" : "yield return " + ReturnExpression() + ";") + " }");
                break;

            case 6:
                if (inLoop)
                {
                    _text.AppendLine(indent + "if (" + Condition() + ") " + (_random.Next(2) == 0 ? "break;" : "continue;"));
                }
                else
                {
                    _text.AppendLine(indent + "text += \"x\"; acc++;");
                }

                break;

            case 7:
                _text.AppendLine(indent + "if (" + Condition() + ")");
                _text.AppendLine(indent + "{");
                Block(depth + 1, inLoop, indent + "    ", true, _random.Next(1, 3));
                _text.AppendLine(indent + "}");
                if (_random.Next(2) == 0)
                {
                    _text.AppendLine(indent + "else");
                    _text.AppendLine(indent + "{");
                    Block(depth + 1, inLoop, indent + "    ", true, _random.Next(1, 3));
                    _text.AppendLine(indent + "}");
                }

                break;

            case 8:
            {
                string i = Name("i");
                _text.AppendLine(indent + "for (int " + i + " = 0; " + i + " < " + _random.Next(0, 4) + "; " + i + "++)");
                _text.AppendLine(indent + "{");
                _text.AppendLine(indent + "    L(\"" + i + " \" + " + i + ");");
                Block(depth + 1, true, indent + "    ", true, _random.Next(1, 3));
                _text.AppendLine(indent + "}");
                break;
            }

            case 9:
            {
                string w = Name("w");
                _text.AppendLine(indent + "int " + w + " = 0;");
                _text.AppendLine(indent + "while (" + w + " < " + _random.Next(1, 4) + ")");
                _text.AppendLine(indent + "{");
                _text.AppendLine(indent + "    " + w + "++;");
                Block(depth + 1, true, indent + "    ", true, _random.Next(1, 3));
                _text.AppendLine(indent + "}");
                break;
            }

            case 10:
            {
                string f = Name("f");
                _text.AppendLine(indent + "try");
                _text.AppendLine(indent + "{");
                Block(depth + 1, inLoop, indent + "    ", true, _random.Next(1, 3));
                _text.AppendLine(indent + "}");
                _text.AppendLine(indent + "finally");
                _text.AppendLine(indent + "{");
                _text.AppendLine(indent + "    L(\"" + f + " \" + acc);");
                _text.AppendLine(indent + "}");
                break;
            }

            case 11:
            {
                string u = Name("u");
                _text.AppendLine(indent + "using (var " + u + " = new Res(\"" + u + "\"))");
                _text.AppendLine(indent + "{");
                Block(depth + 1, inLoop, indent + "    ", false, _random.Next(1, 3));
                _text.AppendLine(indent + "}");
                break;
            }

            case 12:
                // try/catch without a yield inside, as C# allows; a yield break inside it is fine too.
                _text.AppendLine(indent + "try { if (" + Condition() + ") throw new BoomException(\"c\"); acc += 2; }");
                _text.AppendLine(indent + "catch (BoomException e) { L(\"caught \" + e.Message); " + (_random.Next(4) == 0 ? "yield break; " : "") + "}");
                break;

            case 13:
            {
                // A switch whose sections end in Return + break, yield, or fall out.
                _text.AppendLine(indent + "switch (acc % 3)");
                _text.AppendLine(indent + "{");
                _text.AppendLine(indent + "    case 0:");
                if (_kind != BodyKind.Untyped && _random.Next(2) == 0)
                {
                    _text.AppendLine(indent + "        yield return " + ReturnExpression() + "; break;");
                }
                else
                {
                    string d = Name("d");
                    _text.AppendLine(indent + "        var " + d + " = Get(3); yield return " + d + "; acc += " + d + ".Result; break;");
                }

                _text.AppendLine(indent + "    case 1:");
                _text.AppendLine(indent + "        L(\"one\"); break;");
                _text.AppendLine(indent + "    default:");
                _text.AppendLine(indent + "        text += \"d\"; break;");
                _text.AppendLine(indent + "}");
                break;
            }

            default:
            {
                // A lambda that captures hoisted variables, called after a yield.
                string f = Name("fn");
                string d = Name("d");
                _text.AppendLine(indent + "Func<int> " + f + " = () => acc * 2 + text.Length;");
                _text.AppendLine(indent + "var " + d + " = Get(2); yield return " + d + ";");
                _text.AppendLine(indent + "acc = " + f + "() % 50; L(\"" + f + " \" + acc);");
                break;
            }
        }
    }

    private void NestedCall(string indent)
    {
        string n = Name("n");
        switch (_random.Next(4))
        {
            case 0:
                _text.AppendLine(indent + "var " + n + " = InnerIntAsync(acc % 5);");
                _text.AppendLine(indent + "yield return " + n + "; acc += " + n + ".Result;");
                break;
            case 1:
                _text.AppendLine(indent + "var " + n + " = InnerTextAsync(acc % 5);");
                _text.AppendLine(indent + "yield return " + n + "; text += " + n + ".Result;");
                break;
            case 2:
                _text.AppendLine(indent + "var " + n + " = InnerGenericAsync((acc, text));");
                _text.AppendLine(indent + "yield return " + n + "; acc += " + n + ".Result.Item1 % 3;");
                break;
            default:
                _text.AppendLine(indent + "var " + n + " = InnerVoidAsync(acc % 4);");
                _text.AppendLine(indent + "yield return " + n + "; L(\"" + n + " \" + (" + n + ".Result ?? \"null\"));");
                break;
        }
    }
}
