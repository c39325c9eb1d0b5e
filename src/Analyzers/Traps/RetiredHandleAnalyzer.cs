using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Analyzers.Blocking;
using Torsion.Shared;

namespace Torsion.Analyzers.Traps;

/// <summary>
/// TRS2003: a typed handle (<c>Deferred&lt;T&gt;</c> in a local variable or parameter) used after a
/// callback that changed the result type retired it. <c>d.AddCallback(x => x.ToString())</c> continues
/// the chain as the returned <c>Deferred&lt;string&gt;</c>, and so do the untyped overloads a typed
/// handle binds to by accident (<c>typed.AddErrback(f => f)</c>, <c>typed.AddCallback(x => Log(x))</c>
/// with a void <c>Log</c>): a later <c>d.AddCallback(...)</c>, <c>d.AddErrback(...)</c> or
/// <c>await d</c> throws <see cref="System.InvalidOperationException"/> at run time. Reported on
/// straight-line code: the retiring call is in an earlier statement of the same block (or an enclosing
/// one), not inside a branch or loop, and the variable is never assigned again.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RetiredHandleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule this analyzer reports.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.RetiredHandleUsed,
        title: "Typed Deferred used after a callback retired it",
        messageFormat: "'{0}' was retired by '{1}' (it continued the chain as '{2}'), so using it here throws InvalidOperationException; use the Deferred that '{1}' returned",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A callback that changes the result type (or an untyped overload) continues a typed Deferred's chain under the handle it returns; the old handle is retired and adding callbacks to it throws.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.RetiredHandleUsed));

    /// <summary>Methods that add to a chain: called on a retired handle, they throw.</summary>
    private static readonly HashSet<string> s_chainMethods = new()
    {
        "AddCallback", "AddCallbacks", "AddErrback", "AddBoth", "AddFinally", "AddTimeout", "ChainDeferred",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeAwait, OperationKind.Await);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (s_chainMethods.Contains(invocation.TargetMethod.Name) && invocation.Instance is { } receiver)
        {
            Check(context, receiver, invocation);
        }
    }

    private static void AnalyzeAwait(OperationAnalysisContext context)
    {
        var awaited = (IAwaitOperation)context.Operation;
        Check(context, awaited.Operation, awaited);
    }

    private static void Check(OperationAnalysisContext context, IOperation receiver, IOperation use)
    {
        receiver = BlockingPrecision.Strip(receiver);
        ISymbol? handle = receiver switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (handle is null || !IsTypedDeferred(receiver.Type))
        {
            return;
        }

        IInvocationOperation? retiring = null;
        StatementFlow.AnyEarlierStatement(use, operation =>
        {
            if (operation is IInvocationOperation call && Retires(call, handle))
            {
                retiring = call;
                return true;
            }

            return false;
        });

        if (retiring is not null && !IsReassigned(handle, use))
        {
            // The retiring call's location goes with the diagnostic: the code fix continues from its result.
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, receiver.Syntax.GetLocation(), new[] { retiring.Syntax.GetLocation() }, handle.Name, retiring.TargetMethod.Name,
                retiring.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "Deferred"));
        }
    }

    /// <summary>True when <paramref name="call"/> adds to <paramref name="handle"/> and returns another handle type: the chain moves on.</summary>
    private static bool Retires(IInvocationOperation call, ISymbol handle)
    {
        if (!s_chainMethods.Contains(call.TargetMethod.Name) || call.TargetMethod.Name is "AddFinally" or "ChainDeferred"
            || call.Instance is not { } instance)
        {
            return false;
        }

        // AddTimeout without a timeout callback returns the same handle (typed as the untyped Deferred).
        if (call.TargetMethod.Name == "AddTimeout" && !HasNonNullArgument(call, "onTimeoutCancel"))
        {
            return false;
        }

        IOperation receiver = BlockingPrecision.Strip(instance);
        return SymbolEqualityComparer.Default.Equals(BlockingPrecision.ReferencedSymbol(receiver), handle)
            && receiver.Type is { } handleType && call.Type is { } resultType
            && TorsionSymbols.IsDeferred(resultType)
            && !SymbolEqualityComparer.Default.Equals(handleType, resultType);
    }

    private static bool HasNonNullArgument(IInvocationOperation call, string parameter)
    {
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.ArgumentKind != ArgumentKind.DefaultValue
                    && !(BlockingPrecision.Strip(argument.Value).ConstantValue is { HasValue: true, Value: null });
            }
        }

        return false;
    }

    private static bool IsTypedDeferred(ITypeSymbol? type)
        => type is INamedTypeSymbol { IsGenericType: true } named && TorsionSymbols.IsDeferred(named);

    /// <summary>True when the variable is assigned anywhere in the function but its declaration.</summary>
    private static bool IsReassigned(ISymbol handle, IOperation within)
    {
        IOperation root = within;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is IAssignmentOperation assignment
                && SymbolEqualityComparer.Default.Equals(BlockingPrecision.ReferencedSymbol(BlockingPrecision.Strip(assignment.Target)), handle))
            {
                return true;
            }

            if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument
                && SymbolEqualityComparer.Default.Equals(BlockingPrecision.ReferencedSymbol(BlockingPrecision.Strip(argument.Value)), handle))
            {
                return true;
            }
        }

        return false;
    }
}
