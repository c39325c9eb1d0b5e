using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>Names of Torsion's types the blocking analysis looks for, and namespace tests.</summary>
internal static class TorsionSymbols
{
    /// <summary>The attribute that marks reactor code (a method, a type, a delegate parameter).</summary>
    public const string RunsOnReactorAttribute = "Torsion.RunsOnReactorAttribute";

    /// <summary>The attribute that marks a blocking library method.</summary>
    public const string BlockingAttribute = "Torsion.BlockingAttribute";

    /// <summary>The attribute that cuts a chain of calls leading to a blocking call.</summary>
    public const string NonBlockingAttribute = "Torsion.NonBlockingAttribute";

    /// <summary>True when <paramref name="symbol"/> is declared in namespace Torsion or one of its sub-namespaces.</summary>
    public static bool InTorsion(ISymbol? symbol)
    {
        INamespaceSymbol? ns = symbol?.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "Torsion" };
    }

    /// <summary>True for <c>Torsion.Deferred</c> and <c>Torsion.Deferred&lt;T&gt;</c>.</summary>
    public static bool IsDeferred(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Deferred" } named && InTorsion(named);
}
