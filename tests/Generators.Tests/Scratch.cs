using System.Linq;
using Torsion.Generators.Tests.Infrastructure;
namespace Torsion.Generators.Tests;
public class Scratch
{
    [Fact]
    public void Show()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using System.Collections.Generic;
            using Torsion;
            namespace Demo;
            public partial class Downloader
            {
                private int _count;
                [InlineCallbacks]
                public IEnumerable<Deferred> FetchLength(Deferred<string> page, List<int> items)
                {
                    Console.WriteLine("start");
                    yield return page;
                    if (page.Result is string s && s.Length > 0)
                    {
                        yield return page;
                        Console.WriteLine(s);
                    }
                    foreach (var item in items)
                    {
                        try
                        {
                            if (item == 3) continue;
                            yield return page;
                            _count += item;
                        }
                        finally
                        {
                            Console.WriteLine("finally " + item);
                        }
                    }
                    yield return InlineCallbacks.Return(page.Result.Length + _count);
                }
            }
            """);
        System.IO.File.WriteAllText("/tmp/gen.cs", string.Join("\n----\n", run.Sources.Select(s => s.SourceText.ToString())) + "\n" + string.Join("\n", run.GeneratorDiagnostics) + "\n" + string.Join("\n", run.CompilationProblems));
        run.Load();
    }
}
