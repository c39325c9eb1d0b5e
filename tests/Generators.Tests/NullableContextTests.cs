using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests;

/// <summary>
/// The generated body method and state machine are compiled without a nullable context (so the compiler
/// does not run its nullable analysis over every generated body in every build: issue 12's build cost), while the
/// generated method a caller sees keeps the user's nullable annotations, and annotated user code in the
/// body still compiles without warnings and runs as written.
/// </summary>
public sealed class NullableContextTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using Torsion;

        public static partial class Code
        {
            public static List<string> Log = new();

            [InlineCallbacks]
            public static IEnumerable<Deferred> Find(string? key, Deferred<string?> lookup)
            {
                yield return lookup;
                string? found = lookup.Result ?? key;
                Func<string?, int> length = s => s?.Length ?? -1;
                Log.Add("found " + (found ?? "nothing") + " " + length(found));
                yield return InlineCallbacks.Return(found);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> Pick<T>(T fallback, Deferred<T?> value) where T : class
            {
                yield return value;
                T? picked = value.Result;
                object? boxed = (T?)picked;
                Log.Add("picked " + (boxed ?? fallback));
                yield return InlineCallbacks.Return(picked ?? fallback);
            }

            [InlineCallbacks]
            public static IEnumerable<Deferred> Default<T>(Deferred<T> value)
            {
                yield return value;
                T? copy = value.Result;
                Log.Add("copy " + (copy is null ? "null" : copy.ToString()));
                yield return InlineCallbacks.Return(copy);
            }
        }
        """;

    [Fact]
    public void GeneratedMethodsKeepTheUsersNullableAnnotations()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        INamedTypeSymbol code = run.Output.GetTypeByMetadataName("Code")!;

        IMethodSymbol find = code.GetMembers("FindAsync").OfType<IMethodSymbol>().Single();
        Assert.Equal("Torsion.Deferred<string?>", find.ReturnType.ToDisplayString());
        Assert.Equal(NullableAnnotation.Annotated, find.Parameters[0].NullableAnnotation);
        Assert.Equal("Torsion.Deferred<string?>", find.Parameters[1].Type.ToDisplayString());

        IMethodSymbol pick = code.GetMembers("PickAsync").OfType<IMethodSymbol>().Single();
        Assert.Equal("Torsion.Deferred<T>", pick.ReturnType.ToDisplayString());
        Assert.Equal("Torsion.Deferred<T?>", pick.Parameters[1].Type.ToDisplayString());
    }

    [Fact]
    public void BodyMethodsAndMachinesHaveNoNullableContextAndTheEntryMethodsDo()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Equal(3, run.Sources.Count);
        foreach (SyntaxTree tree in run.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".InlineCallbacks.g.cs", StringComparison.Ordinal)))
        {
            SemanticModel model = run.Output.GetSemanticModel(tree);
            MethodDeclarationSyntax[] methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToArray();
            MethodDeclarationSyntax body = methods.Single(m => m.Identifier.ValueText.EndsWith("_MoveNext", StringComparison.Ordinal));
            MethodDeclarationSyntax entry = methods.Single(m => m.Identifier.ValueText.EndsWith("Async", StringComparison.Ordinal));

            NullableContext inBody = model.GetNullableContext(body.Body!.Statements.First().SpanStart);
            Assert.False(inBody.AnnotationsEnabled(), tree.FilePath + ": annotations enabled in the body");
            Assert.False(inBody.WarningsEnabled(), tree.FilePath + ": warnings enabled in the body");
            Assert.True(model.GetNullableContext(entry.ReturnType.SpanStart).AnnotationsEnabled(), tree.FilePath + ": no annotations on the entry method");
            ClassDeclarationSyntax machine = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                .Single(c => c.Identifier.ValueText.EndsWith("_StateMachine", StringComparison.Ordinal));
            NullableContext inMachine = model.GetNullableContext(machine.Members.First().SpanStart);
            Assert.False(inMachine.AnnotationsEnabled() || inMachine.WarningsEnabled(), tree.FilePath + ": a nullable context in the machine");
        }
    }

    [Fact]
    public void AnnotatedUserCodeInTheBodyCompilesWithoutWarningsAndRuns()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);

        var code = new LoadedCode(run.Load());
        var lookup = new Deferred<string?>();
        var found = (Deferred<string?>)code.Call("FindAsync", "key", lookup)!;
        lookup.Callback(null);
        string? result = "unset";
        found.AddCallback(value => { result = value; return value; });
        Assert.Equal("key", result);

        var value = new Deferred<string?>();
        var picked = (Deferred<string>)code.CallGeneric("PickAsync", new[] { typeof(string) }, "fallback", value)!;
        value.Callback(null);
        string? pickedResult = null;
        picked.AddCallback(v => { pickedResult = v; return v; });
        Assert.Equal("fallback", pickedResult);

        var number = new Deferred<int>();
        var copied = (Deferred<int>)code.CallGeneric("DefaultAsync", new[] { typeof(int) }, number)!;
        number.Callback(7);
        int copiedResult = 0;
        copied.AddCallback(v => { copiedResult = v; return v; });
        Assert.Equal(7, copiedResult);
        Assert.Equal(new[] { "found key 3", "picked fallback", "copy 7" }, code.Log);
    }
}
