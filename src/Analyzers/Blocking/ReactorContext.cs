using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>Decides whether an operation runs on the reactor thread, and names the reason.</summary>
internal static class ReactorContext
{
    /// <summary>Torsion methods whose delegate argument runs on the reactor thread.</summary>
    private static readonly string[] s_reactorCallbackMethods =
    {
        "AddCallback", "AddCallbacks", "AddErrback", "AddBoth", "AddFinally",
        "CallLater", "CallWhenRunning", "CallFromThread", "AddSystemEventTrigger",
    };

    /// <summary>
    /// A phrase naming the reactor code that contains <paramref name="operation"/> ("this Deferred
    /// callback", "this async Deferred method", ...), or null when it is not known to run there.
    /// </summary>
    public static string? Describe(IOperation operation, ISymbol containingSymbol)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return DescribeLambda(lambda);
            }

            if (current is ILocalFunctionOperation localFunction)
            {
                return DescribeMethod(localFunction.Symbol);
            }
        }

        return containingSymbol is IMethodSymbol method ? DescribeMethod(method) : null;
    }

    private static string? DescribeLambda(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Symbol.IsAsync && IsDeferred(lambda.Symbol.ReturnType))
        {
            return "this async Deferred lambda";
        }

        if (InvocationTaking(lambda) is { } invocation && IsReactorCallbackMethod(invocation.TargetMethod))
        {
            return "a delegate given to " + invocation.TargetMethod.Name;
        }

        return null;
    }

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
        => method.Name is "AddCallback" or "AddCallbacks" or "AddErrback" or "AddBoth" && InTorsion(method.ContainingType);

    private static string? DescribeMethod(IMethodSymbol method)
    {
        if (method.IsAsync && IsDeferred(method.ReturnType))
        {
            return "async Deferred method '" + method.Name + "'";
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InlineCallbacksAttribute" } type && InTorsion(type))
            {
                return "[InlineCallbacks] method '" + method.Name + "'";
            }
        }

        return null;
    }

    private static bool IsReactorCallbackMethod(IMethodSymbol method)
    {
        if (!InTorsion(method.ContainingType))
        {
            return false;
        }

        foreach (string name in s_reactorCallbackMethods)
        {
            if (method.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDeferred(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Deferred" } named && InTorsion(named);

    private static bool InTorsion(ISymbol symbol)
    {
        INamespaceSymbol? ns = symbol.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "Torsion" };
    }
}
