using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.Traps;

/// <summary>
/// Suppresses "call not awaited" warnings — the compiler's CS4014, and when those analyzers are
/// installed VSTHRD110 (Microsoft.VisualStudio.Threading.Analyzers) and MA0134 (Meziantou.Analyzer) —
/// on a statement that only builds a Deferred chain: <c>d.AddCallback(...);</c> in an async method.
/// The chain-building methods (<c>AddCallback</c>, <c>AddCallbacks</c>, <c>AddErrback</c>,
/// <c>AddBoth</c>, <c>AddFinally</c>, <c>AddTimeout</c>, <c>ChainDeferred</c>) return the chain they
/// were called on, which the caller still holds: nothing is lost. A Deferred discarded from any other
/// call (a method that starts work and returns its Deferred) stays reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ChainCallSuppressor : DiagnosticSuppressor
{
    private const string Justification = "Torsion's chain-building methods return the chain they were called on; the caller still holds it, so nothing is left unobserved.";

    internal static readonly SuppressionDescriptor Cs4014 = new(DiagnosticIds.ChainCallNotAwaitedSuppression, "CS4014", Justification);
    internal static readonly SuppressionDescriptor Vsthrd110 = new(DiagnosticIds.ChainCallNotAwaitedVsThreadingSuppression, "VSTHRD110", Justification);
    internal static readonly SuppressionDescriptor Ma0134 = new(DiagnosticIds.ChainCallNotAwaitedMeziantouSuppression, "MA0134", Justification);

    private static readonly HashSet<string> s_chainMethods = new()
    {
        "AddCallback", "AddCallbacks", "AddErrback", "AddBoth", "AddFinally", "AddTimeout", "ChainDeferred",
    };

    /// <inheritdoc/>
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions => ImmutableArray.Create(Cs4014, Vsthrd110, Ma0134);

    /// <inheritdoc/>
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
        {
            SuppressionDescriptor? descriptor = diagnostic.Id switch
            {
                "CS4014" => Cs4014,
                "VSTHRD110" => Vsthrd110,
                "MA0134" => Ma0134,
                _ => null,
            };
            if (descriptor is null || diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            SyntaxNode node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            SemanticModel model = context.GetSemanticModel(tree);
            if (IsChainCall(model.GetOperation(node, context.CancellationToken)))
            {
                context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
            }
        }
    }

    /// <summary>True for a call of a chain-building method on a Deferred (the whole statement's call, not one inside it).</summary>
    private static bool IsChainCall(IOperation? operation)
    {
        while (operation is IExpressionStatementOperation statement)
        {
            operation = statement.Operation;
        }

        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation is IInvocationOperation { Instance: { } receiver } invocation
            && s_chainMethods.Contains(invocation.TargetMethod.Name)
            && TorsionSymbols.InTorsion(invocation.TargetMethod.ContainingType)
            && IsDeferred(receiver.Type);
    }

    private static bool IsDeferred(ITypeSymbol? type)
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
}
