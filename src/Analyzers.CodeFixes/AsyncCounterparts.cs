using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Finds the asynchronous counterpart of a blocking method: <c>ReadAsync</c> for <c>Read</c>,
/// <c>File.ReadAllTextAsync</c> for <c>File.ReadAllText</c>, taking the same arguments.
/// </summary>
internal static class AsyncCounterparts
{
    /// <summary>
    /// The method named <paramref name="method"/>'s name followed by <c>Async</c>, declared on its type
    /// or a base type, that can be called with the same arguments (the same parameter types, names and
    /// ref kinds, then only optional parameters such as a <c>CancellationToken</c>), and whose awaited
    /// result has the blocking method's return type (<c>Task</c>/<c>ValueTask</c> for void,
    /// <c>Task&lt;R&gt;</c>/<c>ValueTask&lt;R&gt;</c> for <c>R</c>); null when there is none.
    /// </summary>
    /// <param name="method">The blocking method that was called.</param>
    /// <param name="compilation">The compilation, to resolve the task types.</param>
    public static IMethodSymbol? Find(IMethodSymbol method, Compilation compilation)
    {
        if (method.IsGenericMethod || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                return null;
            }
        }

        string name = method.Name + "Async";
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (ISymbol member in type.GetMembers(name))
            {
                if (member is IMethodSymbol candidate && Matches(method, candidate, compilation))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool Matches(IMethodSymbol method, IMethodSymbol candidate, Compilation compilation)
    {
        if (candidate.IsStatic != method.IsStatic || candidate.IsGenericMethod
            || candidate.DeclaredAccessibility != Accessibility.Public
            || candidate.Parameters.Length < method.Parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < candidate.Parameters.Length; i++)
        {
            IParameterSymbol parameter = candidate.Parameters[i];
            if (i >= method.Parameters.Length)
            {
                if (!parameter.IsOptional)
                {
                    return false;
                }

                continue;
            }

            IParameterSymbol original = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || parameter.Name != original.Name
                || !SymbolEqualityComparer.Default.Equals(parameter.Type, original.Type))
            {
                return false;
            }
        }

        return AwaitsTo(candidate.ReturnType, method.ReturnType, compilation);
    }

    /// <summary>True when awaiting a <paramref name="returned"/> gives a <paramref name="result"/> (nothing for void).</summary>
    private static bool AwaitsTo(ITypeSymbol returned, ITypeSymbol result, Compilation compilation)
    {
        if (result.SpecialType == SpecialType.System_Void)
        {
            return Is(returned, compilation, "System.Threading.Tasks.Task") || Is(returned, compilation, "System.Threading.Tasks.ValueTask");
        }

        return returned is INamedTypeSymbol { TypeArguments.Length: 1 } named
            && (Is(named.OriginalDefinition, compilation, "System.Threading.Tasks.Task`1") || Is(named.OriginalDefinition, compilation, "System.Threading.Tasks.ValueTask`1"))
            && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], result);
    }

    private static bool Is(ITypeSymbol type, Compilation compilation, string metadataName)
        => compilation.GetTypeByMetadataName(metadataName) is { } known && SymbolEqualityComparer.Default.Equals(type, known);
}
