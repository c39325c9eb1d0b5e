using Microsoft.CodeAnalysis;
using Torsion.Shared;

namespace Torsion.Analyzers.InlineCallbacks;

/// <summary>
/// Recognises <c>[InlineCallbacks]</c> iterator methods and names the method the source generator
/// writes for them (with the generator's own rule, <see cref="InlineCallbacksNaming"/>).
/// </summary>
internal static class InlineCallbacksIterators
{
    /// <summary>The attribute's metadata name.</summary>
    public const string AttributeMetadataName = InlineCallbacksNaming.AttributeMetadataName;

    /// <summary>
    /// The name of the generated method when <paramref name="method"/> is an <c>[InlineCallbacks]</c>
    /// method returning <c>IEnumerable&lt;Deferred&gt;</c>; null otherwise.
    /// </summary>
    /// <param name="method">The called method (a reduced extension method is looked through).</param>
    /// <param name="attribute">The attribute type in the compilation.</param>
    /// <param name="deferred">The type <c>Torsion.Deferred</c> in the compilation.</param>
    public static string? GeneratedName(IMethodSymbol method, INamedTypeSymbol attribute, INamedTypeSymbol deferred)
    {
        IMethodSymbol declared = (method.ReducedFrom ?? method).OriginalDefinition;

        // The generator writes nothing for a local function (it reports TRS104): no method to call.
        if (declared.MethodKind == MethodKind.LocalFunction || !ReturnsDeferredSequence(declared, deferred))
        {
            return null;
        }

        foreach (AttributeData data in declared.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                // Null for an unusable MethodName: the generator reports TRS110 and writes no method.
                return InlineCallbacksNaming.GeneratedName(declared.Name, InlineCallbacksNaming.CustomName(declared.GetAttributes()));
            }
        }

        return null;
    }

    private static bool ReturnsDeferredSequence(IMethodSymbol method, INamedTypeSymbol deferred)
        => method.ReturnType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence
            && SymbolEqualityComparer.Default.Equals(sequence.TypeArguments[0], deferred);
}
