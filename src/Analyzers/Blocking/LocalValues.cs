using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>The values assigned to a local variable in the operation tree that contains it.</summary>
internal static class LocalValues
{
    /// <summary>Every value given to <paramref name="local"/> (initializer and assignments) in the tree of <paramref name="within"/>.</summary>
    public static IEnumerable<IOperation> Of(ILocalSymbol local, IOperation within)
    {
        IOperation root = within;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    IVariableInitializerOperation? initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        yield return initializer.Value;
                    }

                    break;
                case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment is ISimpleAssignmentOperation simple ? simple.Value : assignment;
                    break;
            }
        }
    }
}
