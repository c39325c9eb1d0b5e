"""Writes the synthetic project of the build-cost measurement: 200 Deferred callback methods (20
classes of 10, given to AddCallback/AddErrback/CallLater as method groups and lambdas, calling small
helpers) and 100 [InlineCallbacks] methods (10 partial classes of 10, each yielding three Deferreds
and returning a value). Deterministic; run by measure.sh."""
import os, sys

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Synthetic", "Generated")
os.makedirs(out, exist_ok=True)
for i in range(20):
    lines = ["using System;", "using System.Collections.Generic;", "using Torsion;", "", "namespace Synthetic.Callbacks;", "",
             f"public sealed class Handlers{i}", "{", "    private readonly List<int> _seen = new();", ""]
    lines.append("    public void Wire(Deferred<int> d, IReactorTime clock)")
    lines.append("    {")
    for j in range(10):
        if j % 3 == 0:
            lines.append(f"        d.AddCallback(OnValue{j});")
        elif j % 3 == 1:
            lines.append(f"        d.AddErrback(f => OnFailure{j}(f));")
        else:
            lines.append(f"        clock.CallLater(TimeSpan.FromMilliseconds({j}), () => OnTick{j}());")
    lines.append("    }")
    lines.append("")
    for j in range(10):
        if j % 3 == 0:
            lines += [f"    private int OnValue{j}(int value)", "    {", f"        _seen.Add(value + {j});", f"        return Helper{j}(value);", "    }", ""]
        elif j % 3 == 1:
            lines += [f"    private int OnFailure{j}(Failure failure)", "    {", "        _seen.Add(failure.GetHashCode());", f"        return Helper{j}(_seen.Count);", "    }", ""]
        else:
            lines += [f"    private void OnTick{j}()", "    {", f"        _seen.Add(Helper{j}({j}));", "    }", ""]
        lines += [f"    private int Helper{j}(int x) => x * {j + 1} + _seen.Count;", ""]
    lines.append("}")
    with open(os.path.join(out, f"Handlers{i}.cs"), "w") as f:
        f.write("\n".join(lines) + "\n")

for i in range(10):
    lines = ["using System;", "using System.Collections.Generic;", "using Torsion;", "", "namespace Synthetic.Flows;", "",
             f"public sealed partial class Flow{i}", "{"]
    for j in range(10):
        lines += ["    [InlineCallbacks]",
                  f"    public IEnumerable<Deferred> Step{j}(Deferred<int> first, Deferred<string> second, IReactorTime clock)",
                  "    {",
                  "        yield return first;",
                  f"        int total = first.Result + {j};",
                  "        yield return second;",
                  "        total += second.Result.Length;",
                  "        var later = clock.DeferLater(TimeSpan.FromMilliseconds(total), () => total * 2);",
                  "        yield return later;",
                  "        yield return InlineCallbacks.Return(later.Result);",
                  "    }", ""]
    lines.append("}")
    with open(os.path.join(out, f"Flow{i}.cs"), "w") as f:
        f.write("\n".join(lines) + "\n")
