using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Analyzers.Blocking;
using Torsion.Shared;

namespace Torsion.Analyzers.Traps;

/// <summary>
/// Traps inside an <c>[InlineCallbacks]</c> body:
/// TRS2005, <c>d.Result</c> read before <c>d</c> was yielded on that path (the Deferred has no result
/// yet, and reading it throws); TRS2006, <c>yield return d</c> of a Deferred created in the body that
/// nothing can fire (the body waits forever); TRS2008 (info), a <c>yield return</c> inside a
/// <c>try</c> block with a <c>catch</c>, which C# forbids (CS1626), with the two Torsion ways to
/// catch a Deferred's failure.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InlineCallbacksBodyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>TRS2005.</summary>
    internal static readonly DiagnosticDescriptor ResultBeforeYieldRule = new(
        id: DiagnosticIds.ResultBeforeYield,
        title: "Deferred result read before the Deferred was yielded",
        messageFormat: "'{0}.Result' is read before '{0}' was yielded in [InlineCallbacks] method '{1}', so the Deferred may have no result yet and reading it throws; 'yield return {0};' first",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "In an [InlineCallbacks] body a Deferred's result is there once the body has yielded the Deferred and resumed.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.ResultBeforeYield));

    /// <summary>TRS2006.</summary>
    internal static readonly DiagnosticDescriptor NeverFiredRule = new(
        id: DiagnosticIds.YieldedDeferredNeverFired,
        title: "Yielded Deferred is never fired",
        messageFormat: "'{0}' is created in [InlineCallbacks] method '{1}' and nothing can fire it, so 'yield return {0}' waits forever",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A Deferred created in the body, never fired there and never handed to code that could fire it, never fires: yielding it suspends the body for ever.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.YieldedDeferredNeverFired));

    /// <summary>TRS2008.</summary>
    internal static readonly DiagnosticDescriptor YieldInTryCatchRule = new(
        id: DiagnosticIds.YieldInsideTryCatch,
        title: "yield return inside try with catch in an [InlineCallbacks] method",
        messageFormat: "C# does not allow 'yield return' inside a try block with a catch clause (CS1626); in [InlineCallbacks] method '{0}', yield InlineCallbacks.Settle(deferred) and inspect its Settled result, or write the method as 'async Deferred<T>' and put the await in the try",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "To handle a yielded Deferred's failure in an [InlineCallbacks] body, yield InlineCallbacks.Settle(d) (it never fails; its result says whether d succeeded), or use an async Deferred<T> method, where try/catch around await works.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.YieldInsideTryCatch));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ResultBeforeYieldRule, NeverFiredRule, YieldInTryCatchRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeResult, OperationKind.PropertyReference);
        context.RegisterOperationAction(AnalyzeYield, OperationKind.YieldReturn);
        context.RegisterSyntaxNodeAction(AnalyzeYieldSyntax, SyntaxKind.YieldReturnStatement);
    }

    private static void AnalyzeResult(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != "Result" || reference.Instance is not { } instance
            || !IsDeferredType(instance.Type) || InlineCallbacksMethod(reference, context.ContainingSymbol) is not { } method)
        {
            return;
        }

        IOperation receiver = BlockingPrecision.Strip(instance);
        ISymbol? handle = BlockingPrecision.ReferencedSymbol(receiver);
        if (handle is null || (handle is ILocalSymbol local && IsAlwaysFired(local, reference)) || IsUnderHasResultCheck(handle, reference))
        {
            return;
        }

        bool yielded = StatementFlow.AnyEarlierStatement(reference, operation =>
            operation is IReturnOperation { Kind: OperationKind.YieldReturn, ReturnedValue: { } value } && Mentions(value, handle));
        if (!yielded)
        {
            context.ReportDiagnostic(Diagnostic.Create(ResultBeforeYieldRule, reference.Syntax.GetLocation(), handle.Name, method.Name));
        }
    }

    private static void AnalyzeYield(OperationAnalysisContext context)
    {
        var yield = (IReturnOperation)context.Operation;
        if (yield.ReturnedValue is not { } value || InlineCallbacksMethod(yield, context.ContainingSymbol) is not { } method
            || BlockingPrecision.Strip(value) is not ILocalReferenceOperation { Local: var local })
        {
            return;
        }

        bool createdHere = false;
        foreach (IOperation assigned in LocalValues.Of(local, yield))
        {
            if (BlockingPrecision.Strip(assigned) is not IObjectCreationOperation { Type: { } type } || !TorsionSymbols.IsDeferred(type))
            {
                return;
            }

            createdHere = true;
        }

        if (createdHere && !CanBeFired(local, yield))
        {
            context.ReportDiagnostic(Diagnostic.Create(NeverFiredRule, value.Syntax.GetLocation(), local.Name, method.Name));
        }
    }

    private static void AnalyzeYieldSyntax(SyntaxNodeAnalysisContext context)
    {
        var statement = (YieldStatementSyntax)context.Node;
        SyntaxNode child = statement;
        bool inTryWithCatch = false;
        for (SyntaxNode? parent = statement.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case TryStatementSyntax trying when trying.Block == child && trying.Catches.Count > 0:
                    inTryWithCatch = true;
                    break;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return;
                case MethodDeclarationSyntax declaration:
                    if (inTryWithCatch && context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is { } method && IsInlineCallbacks(method))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(YieldInTryCatchRule, statement.GetLocation(), method.Name));
                    }

                    return;
            }
        }
    }

    /// <summary>The [InlineCallbacks] method whose own body (not a nested function) contains <paramref name="operation"/>, or null.</summary>
    private static IMethodSymbol? InlineCallbacksMethod(IOperation operation, ISymbol containing)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (BlockingPrecision.IsFunction(current))
            {
                return null;
            }
        }

        return containing is IMethodSymbol method && IsInlineCallbacks(method) ? method : null;
    }

    private static bool IsInlineCallbacks(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == InlineCallbacksNaming.AttributeMetadataName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDeferredType(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (TorsionSymbols.IsDeferred(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> reads <paramref name="handle"/> (<c>d</c>, <c>d.AddCallback(...)</c>, <c>Settle(d)</c> ...).</summary>
    private static bool Mentions(IOperation value, ISymbol handle)
    {
        foreach (IOperation operation in value.DescendantsAndSelf())
        {
            if (SymbolEqualityComparer.Default.Equals(BlockingPrecision.ReferencedSymbol(operation), handle))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every value of the local is an already fired Deferred (<c>Deferred.Succeed</c>, <c>Deferred.Fail</c>).</summary>
    private static bool IsAlwaysFired(ILocalSymbol local, IOperation within)
    {
        bool any = false;
        foreach (IOperation assigned in LocalValues.Of(local, within))
        {
            if (BlockingPrecision.Strip(assigned) is not IInvocationOperation { TargetMethod.Name: "Succeed" or "Fail" or "FromResult" } factory
                || !TorsionSymbols.InTorsion(factory.TargetMethod.ContainingType))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsUnderHasResultCheck(ISymbol handle, IOperation use)
    {
        IOperation child = use;
        for (IOperation? parent = use.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.WhenTrue == child
                && conditional.Condition.DescendantsAndSelf() is var parts)
            {
                foreach (IOperation part in parts)
                {
                    if (part is IPropertyReferenceOperation { Property.Name: "HasResult" or "Called", Instance: { } instance }
                        && SymbolEqualityComparer.Default.Equals(BlockingPrecision.ReferencedSymbol(BlockingPrecision.Strip(instance)), handle))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when something could fire the local's Deferred: any use other than being yielded, being
    /// the receiver of a chain method or a property read (a call of <c>Callback</c>, <c>Errback</c>,
    /// <c>Cancel</c>; passing it on; capturing it in a lambda; storing it).
    /// </summary>
    private static bool CanBeFired(ILocalSymbol local, IOperation within)
    {
        IOperation root = within;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            IOperation parent = reference.Parent!;
            while (parent is IConversionOperation { IsImplicit: true } conversion)
            {
                parent = conversion.Parent!;
            }

            bool harmless = parent switch
            {
                IReturnOperation { Kind: OperationKind.YieldReturn } => true,
                IVariableDeclaratorOperation => true,
                IAssignmentOperation assignment => assignment.Target == reference,
                IPropertyReferenceOperation => true,
                IInvocationOperation invocation => invocation.Instance is not null && invocation.TargetMethod.Name.StartsWith("Add", System.StringComparison.Ordinal),
                _ => false,
            };

            if (!harmless || IsInsideNestedFunction(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsideNestedFunction(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (BlockingPrecision.IsFunction(current))
            {
                return true;
            }
        }

        return false;
    }
}
