using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Tests.Blocking;

/// <summary>
/// bench/AnalyzerComparison/BannedSymbols.txt, the list BannedApiAnalyzers gets in the comparison of
/// docs/diagnostics/comparison.md, is exactly TRS2001's table: every overload of every listed member,
/// as documentation-comment IDs. Set TORSION_WRITE_BANNED=1 to rewrite it.
/// </summary>
public class BannedListTests
{
    [Fact]
    public void TheComparisonsBannedListIsTheBlockingTable()
    {
        var compilation = CSharpCompilation.Create("Table", references: Basic.Reference.Assemblies.Net100.References.All
            .Append(MetadataReference.CreateFromFile(typeof(Deferred).Assembly.Location)));
        var lines = new List<string>();
        foreach (BlockingMemberGroup group in BlockingMemberTable.Groups)
        {
            lines.Add("// " + group.Name);
            foreach (BlockingMemberEntry entry in group.Entries)
            {
                if (compilation.GetTypeByMetadataName(entry.TypeMetadataName) is not { } type)
                {
                    continue;
                }

                foreach (string name in entry.Names)
                {
                    foreach (ISymbol member in type.GetMembers(name).Where(m => m.DeclaredAccessibility == Accessibility.Public)
                        .Where(m => !entry.PathOnly || (m is IMethodSymbol { Parameters.Length: > 0 } method && method.Parameters[0].Type.SpecialType == SpecialType.System_String)))
                    {
                        lines.Add(DocumentationCommentId.CreateDeclarationId(member) + ";blocks the thread");
                    }
                }
            }
        }

        string path = Path.Combine(RepositoryRoot.Path, "bench", "AnalyzerComparison", "BannedSymbols.txt");
        string expected = string.Join("\n", lines) + "\n";
        if (System.Environment.GetEnvironmentVariable("TORSION_WRITE_BANNED") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n"));
    }
}
