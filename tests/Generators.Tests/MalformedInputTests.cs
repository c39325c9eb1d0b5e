using System.Linq;
using Microsoft.CodeAnalysis;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>
/// Half-typed code, as an IDE feeds the generator while the user types: the generator must never
/// throw and never produce code; at most it reports diagnostics.
/// </summary>
public sealed class MalformedInputTests
{
    private const string Complete = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        namespace Demo;

        public partial class Downloader<T> where T : class
        {
            [InlineCallbacks(MethodName = "GetAsync")]
            public IEnumerable<Deferred> Fetch(string url, Func<string, Deferred<string>> get)
            {
                var page = get(url);
                try
                {
                    yield return page;
                    if (page.Result is { Length: > 0 } text)
                    {
                        foreach (char c in text)
                        {
                            yield return get(c.ToString());
                        }
                    }
                }
                finally
                {
                    Console.WriteLine("done");
                }
                switch (url)
                {
                    case "a": yield break;
                    default: break;
                }
                yield return InlineCallbacks.Return(page.Result.Length);
            }
        }
        """;

    private static void AssertNoCrash(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        GeneratorRunResult result = run.Result.Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785" || d.Id == "CS8784");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "TRS199");
    }

    [Fact]
    public void Every_prefix_of_a_method_being_typed_gives_only_diagnostics()
    {
        for (int length = 0; length <= Complete.Length; length += 3)
        {
            AssertNoCrash(Complete[..length]);
        }
    }

    [Fact]
    public void The_complete_method_generates_code_that_compiles()
    {
        GeneratorRun run = GeneratorHarness.Run(Complete);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("[InlineCallbacks] IEnumerable<Deferred> M() { yield return ; }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { yield return Missing(); } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { yield return Deferred.Succeed(1) } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Unknown> M() { yield break; } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M(Unknown u) { yield return u; } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { try { yield return null!; } catch { } } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { try { } finally { yield return null!; } } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { goto nowhere; yield break; } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { break; yield break; } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { yield return InlineCallbacks.Return(); } }")]
    [InlineData("public partial class C { [InlineCallbacks] extern IEnumerable<Deferred> M(); }")]
    [InlineData("public partial class C { [InlineCallbacks] partial IEnumerable<Deferred> M(); }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M<>() { yield break; } }")]
    [InlineData("[InlineCallbacks] public partial class C { }")]
    [InlineData("public partial class C { [InlineCallbacks] int P { get; } }")]
    [InlineData("public partial class C { [InlineCallbacks(MethodName = null)] IEnumerable<Deferred> M() { yield break; } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { checked { yield return Deferred.Succeed(1); } } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { unsafe { int* p = null; yield return Deferred.Succeed(1); } } }")]
    [InlineData("public partial class C { [InlineCallbacks] IEnumerable<Deferred> M() { yield return M2Async(); } [InlineCallbacks] IEnumerable<Deferred> M2() { yield return MAsync(); } }")]
    [InlineData("public partial class C { [InlineCallbacks] [InlineCallbacks] IEnumerable<Deferred> M() { yield break; } }")]
    public void Broken_code_gives_only_diagnostics(string code) =>
        AssertNoCrash("using System; using System.Collections.Generic; using Torsion;\n" + code);
}
