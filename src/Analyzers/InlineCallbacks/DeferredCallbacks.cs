using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.InlineCallbacks;

/// <summary>Recognises a lambda given to one of Torsion's Deferred callback methods.</summary>
internal static class DeferredCallbacks
{
    /// <summary>The call <paramref name="lambda"/> is an argument of, or null.</summary>
    public static IInvocationOperation? InvocationTaking(IAnonymousFunctionOperation lambda)
    {
        IOperation? parent = lambda.Parent;
        if (parent is IDelegateCreationOperation creation)
        {
            parent = creation.Parent;
        }

        if (parent is IConversionOperation conversion)
        {
            parent = conversion.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
    }

    /// <summary>
    /// True for Torsion's Deferred callback methods (<c>AddCallback</c>, <c>AddCallbacks</c>,
    /// <c>AddErrback</c>, <c>AddBoth</c>), whose callbacks' results become the chain's result.
    /// </summary>
    public static bool IsDeferredCallbackMethod(IMethodSymbol method)
        => method.Name is "AddCallback" or "AddCallbacks" or "AddErrback" or "AddBoth" && TorsionSymbols.InTorsion(method.ContainingType);
}
