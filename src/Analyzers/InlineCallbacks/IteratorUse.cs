using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.InlineCallbacks;

/// <summary>
/// Decides whether the iterator an <c>[InlineCallbacks]</c> call returns is used deliberately.
/// </summary>
/// <remarks>
/// Deliberate: passed as an argument of a sequence type (<c>InlineCallbacks.Run</c>, or code that
/// drives iterators), enumerated by <c>foreach</c>, the receiver of a call (<c>GetEnumerator()</c>),
/// returned or stored as a sequence (a field, a property, an array element; but not returned from a
/// lambda given to a Deferred callback method, where it would become the chain's result), or kept in a local
/// variable that is itself used in one of these ways. Lost: the result of an expression statement,
/// assigned to a discard, converted to a type that is not a sequence (<c>object</c>, <c>dynamic</c>:
/// for example returned from a Deferred callback lambda or passed to <c>Console.WriteLine</c>), or
/// kept in a local variable that is never used deliberately. Anything this class does not recognise
/// counts as deliberate, so that the rule never reports correct code.
/// </remarks>
internal static class IteratorUse
{
    /// <summary>How many locals deep a value is followed before it is assumed to be used.</summary>
    private const int MaxLocalDepth = 4;

    /// <summary>True when the value of <paramref name="value"/> is used deliberately (see the remarks).</summary>
    public static bool IsDeliberate(IOperation value) => IsDeliberate(value, 0);

    private static bool IsDeliberate(IOperation value, int depth)
    {
        IOperation current = value;
        IOperation? parent = value.Parent;
        while (parent is IConversionOperation conversion)
        {
            if (!IsSequence(conversion.Type))
            {
                return false;
            }

            current = conversion;
            parent = conversion.Parent;
        }

        switch (parent)
        {
            case null:
                return true;
            case IExpressionStatementOperation:
                return false;
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                return assignment.Target switch
                {
                    IDiscardOperation => false,
                    ILocalReferenceOperation local => IsLocalUsedDeliberately(local.Local, assignment, depth),
                    _ => true,
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsLocalUsedDeliberately(declarator.Symbol, declarator, depth);
            case IReturnOperation:
                return !IsReturnedFromADeferredCallback(parent);
            case IArgumentOperation argument:
                return argument.Parameter is null || IsSequence(argument.Parameter.Type);
            case IConditionalOperation conditional when conditional.Condition != current:
                return IsDeliberate(conditional, depth);
            case ICoalesceOperation coalesce:
                return IsDeliberate(coalesce, depth);
            default:
                return true;
        }
    }

    /// <summary>
    /// True when <paramref name="returned"/> returns from a lambda given to a Deferred callback
    /// method: the iterator becomes the chain's result, and nothing ever runs it.
    /// </summary>
    private static bool IsReturnedFromADeferredCallback(IOperation returned)
    {
        for (IOperation? current = returned.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation)
            {
                return false;
            }

            if (current is IAnonymousFunctionOperation lambda)
            {
                return DeferredCallbacks.InvocationTaking(lambda) is { } invocation
                    && DeferredCallbacks.IsDeferredCallbackMethod(invocation.TargetMethod);
            }
        }

        return false;
    }

    private static bool IsLocalUsedDeliberately(ILocalSymbol local, IOperation from, int depth)
    {
        if (depth >= MaxLocalDepth)
        {
            return true;
        }

        IOperation root = from;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !IsAssignmentTarget(reference)
                && IsDeliberate(reference, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssignmentTarget(ILocalReferenceOperation reference)
        => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

    /// <summary>True for a type through which the iterator can still be enumerated.</summary>
    private static bool IsSequence(ITypeSymbol? type)
    {
        if (type is null)
        {
            return true;
        }

        if (type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }
        }

        return false;
    }
}
