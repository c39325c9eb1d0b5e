using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Torsion.Shared
{
    /// <summary>
    /// How the method the <c>[InlineCallbacks]</c> generator writes is named. One source file compiled
    /// into the generator (which writes the method, and declares its signature while binding bodies)
    /// and into the analyzers (TRS2002 names it, its code fix calls it), so they cannot disagree.
    /// </summary>
    internal static class InlineCallbacksNaming
    {
        /// <summary>The attribute's metadata name.</summary>
        public const string AttributeMetadataName = "Torsion.InlineCallbacksAttribute";

        /// <summary>The attribute's named argument that chooses the generated method's name.</summary>
        public const string MethodNameArgument = "MethodName";

        /// <summary>What the generated method's name is by default: the iterator's name followed by this.</summary>
        public const string DefaultSuffix = "Async";

        /// <summary>The <c>MethodName</c> given to an <c>[InlineCallbacks]</c> attribute of <paramref name="attributes"/>, or null.</summary>
        public static string? CustomName(IEnumerable<AttributeData> attributes)
        {
            string? custom = null;
            foreach (AttributeData attribute in attributes)
            {
                if (attribute.AttributeClass?.ToDisplayString() != AttributeMetadataName)
                {
                    continue;
                }

                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key == MethodNameArgument && argument.Value.Value is string name)
                    {
                        custom = name;
                    }
                }
            }

            return custom;
        }

        /// <summary>True when <paramref name="name"/> can name the generated method: an identifier, not a keyword.</summary>
        public static bool IsUsableName(string name)
            => SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        /// <summary>
        /// The generated method's name for the iterator <paramref name="iteratorName"/>:
        /// <paramref name="customName"/> when given, otherwise the iterator's name followed by
        /// <see cref="DefaultSuffix"/>. Null when the custom name is not usable (the generator reports
        /// TRS110 and writes no method).
        /// </summary>
        public static string? GeneratedName(string iteratorName, string? customName)
            => customName is null ? iteratorName + DefaultSuffix : IsUsableName(customName) ? customName : null;
    }
}
