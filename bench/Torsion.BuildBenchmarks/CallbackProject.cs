using System.Collections.Generic;
using System.Text;

namespace Torsion.BuildBenchmarks;

/// <summary>
/// The synthetic project of issue 12's build-cost goal, profiled in process by
/// <see cref="CallbackProjectProfile"/> and written to disk (<c>--write-callback-project</c>) for
/// bench/BuildCost/measure.sh, which builds it with the real compiler: 200 Deferred callback methods (20 classes of 10, given to
/// <c>AddCallback</c>/<c>AddErrback</c>/<c>CallLater</c> as method groups and lambdas, calling small
/// helpers) and 100 [InlineCallbacks] methods (10 partial classes of 10, each yielding three Deferreds
/// and returning a value).
/// </summary>
internal static class CallbackProject
{
    /// <summary>
    /// The project's source files, with their paths in the project; with
    /// <paramref name="emptyIterators"/>, every [InlineCallbacks] body is only <c>yield break;</c> (to
    /// measure what compiling the bodies costs).
    /// </summary>
    public static (string Path, string Text)[] Sources(bool emptyIterators = false)
    {
        var files = new List<(string, string)>();
        for (int i = 0; i < 20; i++)
        {
            files.Add(($"Generated/Handlers{i}.cs", Handlers(i)));
        }

        for (int i = 0; i < 10; i++)
        {
            files.Add(($"Generated/Flow{i}.cs", Flow(i, emptyIterators)));
        }

        return files.ToArray();
    }

    private static string Handlers(int i)
    {
        var text = new StringBuilder();
        text.Append("using System;\nusing System.Collections.Generic;\nusing Torsion;\n\nnamespace Synthetic.Callbacks;\n\n");
        text.Append($"public sealed class Handlers{i}\n{{\n    private readonly List<int> _seen = new();\n\n");
        text.Append("    public void Wire(Deferred<int> d, IReactorTime clock)\n    {\n");
        for (int j = 0; j < 10; j++)
        {
            text.Append((j % 3) switch
            {
                0 => $"        d.AddCallback(OnValue{j});\n",
                1 => $"        d.AddErrback(f => OnFailure{j}(f));\n",
                _ => $"        clock.CallLater(TimeSpan.FromMilliseconds({j}), () => OnTick{j}());\n",
            });
        }

        text.Append("    }\n\n");
        for (int j = 0; j < 10; j++)
        {
            text.Append((j % 3) switch
            {
                0 => $"    private int OnValue{j}(int value)\n    {{\n        _seen.Add(value + {j});\n        return Helper{j}(value);\n    }}\n\n",
                1 => $"    private int OnFailure{j}(Failure failure)\n    {{\n        _seen.Add(failure.GetHashCode());\n        return Helper{j}(_seen.Count);\n    }}\n\n",
                _ => $"    private void OnTick{j}()\n    {{\n        _seen.Add(Helper{j}({j}));\n    }}\n\n",
            });
            text.Append($"    private int Helper{j}(int x) => x * {j + 1} + _seen.Count;\n\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    private static string Flow(int i, bool empty)
    {
        var text = new StringBuilder();
        text.Append("using System;\nusing System.Collections.Generic;\nusing Torsion;\n\nnamespace Synthetic.Flows;\n\n");
        text.Append($"public sealed partial class Flow{i}\n{{\n");
        for (int j = 0; j < 10; j++)
        {
            text.Append("    [InlineCallbacks]\n");
            text.Append($"    public IEnumerable<Deferred> Step{j}(Deferred<int> first, Deferred<string> second, IReactorTime clock)\n    {{\n");
            if (empty)
            {
                text.Append("        yield break;\n    }\n\n");
                continue;
            }

            text.Append("        yield return first;\n");
            text.Append($"        int total = first.Result + {j};\n");
            text.Append("        yield return second;\n");
            text.Append("        total += second.Result.Length;\n");
            text.Append("        var later = clock.DeferLater(TimeSpan.FromMilliseconds(total), () => total * 2);\n");
            text.Append("        yield return later;\n");
            text.Append("        yield return InlineCallbacks.Return(later.Result);\n");
            text.Append("    }\n\n");
        }

        text.Append("}\n");
        return text.ToString();
    }
}
