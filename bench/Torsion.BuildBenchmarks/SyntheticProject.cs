using System;
using System.Text;

namespace Torsion.BuildBenchmarks;

/// <summary>
/// A synthetic project of [InlineCallbacks] methods written the way applications write them: a few
/// partial service types, each with many generated methods (loops, try/finally, using, branches, a
/// call to another generated method whose result type has to be inferred) beside ordinary members.
/// </summary>
internal static class SyntheticProject
{
    /// <summary>Generated methods per type (the project had types of this size).</summary>
    public const int MethodsPerType = 100;

    /// <summary>The source files of a project with <paramref name="methods"/> [InlineCallbacks] methods.</summary>
    public static (string Path, string Text)[] Sources(int methods)
    {
        int types = (methods + MethodsPerType - 1) / MethodsPerType;
        var files = new (string, string)[types + 1];
        files[0] = ("Shared.cs", """
            using System;
            namespace Synthetic
            {
                public sealed class Resource : IDisposable
                {
                    public int Uses;
                    public void Dispose() => Uses++;
                }
            }
            """);
        for (int t = 0; t < types; t++)
        {
            int count = Math.Min(MethodsPerType, methods - t * MethodsPerType);
            files[t + 1] = ("Service" + t + ".cs", Type(t, count));
        }

        return files;
    }

    private static string Type(int index, int count)
    {
        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using Torsion;");
        text.AppendLine("namespace Synthetic");
        text.AppendLine("{");
        text.AppendLine("    public partial class Service" + index);
        text.AppendLine("    {");
        text.AppendLine("        private int _count;");
        text.AppendLine("        private readonly Dictionary<string, int> _cache = new();");
        for (int m = 0; m < count; m++)
        {
            text.AppendLine($$"""
                        private int Helper{{m}}(int value, string key)
                        {
                            if (_cache.TryGetValue(key, out int cached)) { return cached + value; }
                            int result = value * {{m + 1}} % 97;
                            _cache[key] = result;
                            return result;
                        }

                        [InlineCallbacks]
                        public IEnumerable<Deferred> Step{{m}}(int x, string name)
                        {
                            int sum = 0;
                            for (int k = 0; k < 3; k++)
                            {
                                var d = Deferred.Succeed(x + k);
                                yield return d;
                                sum += Helper{{m}}(d.Result, name + k);
                            }
                            using (var resource = new Resource())
                            {
                                try
                                {
                                    {{(m == 0 ? "var previous = Deferred.Succeed(sum);" : "var previous = Step" + (m - 1) + "Async(sum, name);")}}
                                    yield return previous;
                                    sum += previous.Result;
                                }
                                finally
                                {
                                    _count++;
                                }
                            }
                            switch (sum % 3)
                            {
                                case 0:
                                    yield return InlineCallbacks.Return(sum);
                                    break;
                                case 1:
                                    if (name.Length > 3) { yield return InlineCallbacks.Return(-sum); }
                                    break;
                            }
                            yield return InlineCallbacks.Return(sum + _count);
                        }
                """);
        }

        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }
}
