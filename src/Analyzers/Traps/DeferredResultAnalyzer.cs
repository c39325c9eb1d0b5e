using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Analyzers.Blocking;
using Torsion.Shared;

namespace Torsion.Analyzers.Traps;

/// <summary>
/// TRS2004 (error): a Deferred never fires with a Deferred, yet <c>yield return InlineCallbacks.Return(otherDeferred)</c>
/// and an <c>async Deferred&lt;Deferred&gt;</c> (or <c>async Deferred&lt;Deferred&lt;T&gt;&gt;</c>) method, lambda or
/// local function would fire with the Deferred object as a plain value. Reported where the type shows
/// it: the argument of <c>Return</c> whose static type is a Deferred, the async function whose
/// declared result type is one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeferredResultAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule this analyzer reports.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.DeferredResultIsDeferred,
        title: "A Deferred's result cannot be a Deferred",
        messageFormat: "{0} would fire with a '{1}' as its result, but a Deferred never fires with a Deferred; {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Torsion's rule, as Twisted's: a callback that returns a Deferred makes the chain wait for it, and a Deferred never fires with a Deferred. An [InlineCallbacks] result or an async Deferred<T> result that is a Deferred breaks that rule.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.DeferredResultIsDeferred));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeReturnCall, OperationKind.Invocation);
        context.RegisterSymbolAction(c => AnalyzeFunction(c.ReportDiagnostic, (IMethodSymbol)c.Symbol), SymbolKind.Method);
        context.RegisterOperationAction(c => AnalyzeFunction(c.ReportDiagnostic, ((IAnonymousFunctionOperation)c.Operation).Symbol, c.Operation.Syntax.GetLocation()), OperationKind.AnonymousFunction);
        context.RegisterOperationAction(c => AnalyzeFunction(c.ReportDiagnostic, ((ILocalFunctionOperation)c.Operation).Symbol), OperationKind.LocalFunction);
    }

    private static void AnalyzeReturnCall(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is { Name: "Return", IsGenericMethod: true, ContainingType.Name: "InlineCallbacks" } method
            && TorsionSymbols.InTorsion(method.ContainingType)
            && invocation.Arguments.Length == 1
            && TorsionSymbols.IsDeferred(DeferredBase(BlockingPrecision.Strip(invocation.Arguments[0].Value).Type)))
        {
            ITypeSymbol type = BlockingPrecision.Strip(invocation.Arguments[0].Value).Type!;
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, invocation.Arguments[0].Syntax.GetLocation(), "InlineCallbacks.Return", Display(type),
                "yield return the Deferred first and return its result"));
        }
    }

    private static void AnalyzeFunction(System.Action<Diagnostic> report, IMethodSymbol method, Location? location = null)
    {
        if (!method.IsAsync || method.ReturnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } returned
            || !TorsionSymbols.IsDeferred(returned) || !TorsionSymbols.IsDeferred(DeferredBase(returned.TypeArguments[0])))
        {
            return;
        }

        string what = method.MethodKind == MethodKind.AnonymousFunction ? "This async lambda" : "Async method '" + method.Name + "'";
        report(Diagnostic.Create(
            Rule, location ?? (method.Locations.IsEmpty ? Location.None : method.Locations[0]), what, Display(returned.TypeArguments[0]),
            "await the inner Deferred and return its result"));
    }

    /// <summary>The Deferred type <paramref name="type"/> is or derives from, or null.</summary>
    private static ITypeSymbol? DeferredBase(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (TorsionSymbols.IsDeferred(current))
            {
                return current;
            }
        }

        return null;
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
