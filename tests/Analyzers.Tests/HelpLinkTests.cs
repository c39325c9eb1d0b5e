using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Analyzers.Blocking;
using Torsion.Shared;

namespace Torsion.Analyzers.Tests;

/// <summary>Every diagnostic of the package (generator and analyzers) has an absolute help link to a page that exists.</summary>
public class HelpLinkTests
{
    public static IEnumerable<object[]> Descriptors()
    {
        foreach (DiagnosticDescriptor descriptor in AnalyzerDescriptors().Concat(GeneratorDescriptors()))
        {
            yield return new object[] { descriptor.Id, descriptor.HelpLinkUri };
        }
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void TheHelpLinkIsAbsoluteAndItsPageExists(string id, string helpLink)
    {
        Assert.True(Uri.TryCreate(helpLink, UriKind.Absolute, out Uri? uri) && uri.Scheme == "https", id + ": " + helpLink);
        Assert.Equal(DiagnosticHelp.BaseUri + id + ".md", helpLink);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", id + ".md")), id + " has no page");
    }

    [Fact]
    public void TheGeneratorsDescriptorsAreFound() => Assert.True(GeneratorDescriptors().Count() >= 10);

    [Fact]
    public void EverySuppressionIsDocumented()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", "TRS2009.md"));
        foreach (SuppressionDescriptor suppression in Instances<DiagnosticSuppressor>().SelectMany(s => s.SupportedSuppressions))
        {
            Assert.Contains(suppression.Id, page);
            Assert.Contains(suppression.SuppressedDiagnosticId, page);
        }
    }

    [Fact]
    public void EveryAnalyzerRuleIsInTheReleaseFile()
    {
        string unshipped = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in AnalyzerDescriptors())
        {
            Assert.Contains(descriptor.Id + " |", unshipped);
        }
    }

    [Fact]
    public void ThePagesArePackedUnderDocsDiagnostics()
    {
        string props = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Analyzers", "Torsion.DiagnosticPages.props"));
        Assert.Contains("../../docs/diagnostics/*.md", props);
        Assert.Contains("PackagePath=\"docs/diagnostics\"", props);
    }

    private static IEnumerable<DiagnosticDescriptor> AnalyzerDescriptors()
        => Instances<DiagnosticAnalyzer>().Where(a => a is not DiagnosticSuppressor).SelectMany(a => a.SupportedDiagnostics);

    private static IEnumerable<T> Instances<T>()
        => typeof(BlockingCallAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (T)Activator.CreateInstance(t)!);

    private static IEnumerable<DiagnosticDescriptor> GeneratorDescriptors()
    {
        Type catalogue = typeof(Torsion.Generators.InlineCallbacks.InlineCallbacksGenerator).Assembly
            .GetType("Torsion.Generators.InlineCallbacks.InlineCallbacksDiagnostics", throwOnError: true)!;
        return catalogue.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
    }
}
