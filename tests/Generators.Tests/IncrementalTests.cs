using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Torsion.Generators.InlineCallbacks;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>The pipeline carries only equatable models, so unrelated edits leave its outputs cached.</summary>
public sealed class IncrementalTests
{
    private const string Method = """
        using System.Collections.Generic;
        using Torsion;

        public partial class Downloader
        {
            [InlineCallbacks]
            public IEnumerable<Deferred> Fetch(Deferred<string> page)
            {
                yield return page;
                yield return InlineCallbacks.Return(page.Result.Length);
            }
        }
        """;

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new InlineCallbacksGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Theory]
    [InlineData("public class Unrelated { public int Value; }")]
    [InlineData("public class Other { void M() { System.Console.WriteLine(1); } }")]
    public void An_edit_in_another_file_leaves_the_outputs_cached(string edit)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(("Downloader.cs", Method), ("Other.cs", "public class Unrelated { }"));
        GeneratorDriver driver = CreateDriver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);

        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == "Other.cs");
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edit, GeneratorHarness.ParseOptions, "Other.cs"));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        var parseSteps = result.TrackedSteps[InlineCallbacksGenerator.ParseStepName];
        Assert.NotEmpty(parseSteps);
        Assert.All(parseSteps.SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void An_edit_of_the_method_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(("Downloader.cs", Method));
        GeneratorDriver driver = CreateDriver().RunGenerators(compilation);
        SyntaxTree old = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(Method.Replace("page.Result.Length", "page.Result.Length + 1"), GeneratorHarness.ParseOptions, "Downloader.cs"));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[InlineCallbacksGenerator.ParseStepName].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(".Result.Length + 1", result.GeneratedSources.Single().SourceText.ToString());
    }
}
