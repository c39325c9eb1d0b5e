using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Torsion.Shared;

namespace Torsion.Analyzers.InlineCallbacks;

/// <summary>
/// TRS2002: flags a direct call of an <c>[InlineCallbacks]</c> iterator method (the user's
/// <c>IEnumerable&lt;Deferred&gt;</c> method) whose result is thrown away or lost. The iterator is
/// lazy, so such a call runs none of the body: the generated <c>…Async</c> method was meant. Calls
/// whose iterator is driven (<c>InlineCallbacks.Run</c>, <c>foreach</c>, a method called on it) or
/// handed on as a sequence (an argument, a returned value, a field) are not reported; see
/// <see cref="IteratorUse"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IteratorCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The key of the diagnostic property holding the generated method's name (for the code fix).</summary>
    internal const string GeneratedNameProperty = "GeneratedName";

    /// <summary>The rule this analyzer reports.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.IteratorCalledDirectly,
        title: "[InlineCallbacks] iterator called directly",
        messageFormat: "Calling the [InlineCallbacks] iterator '{0}' only creates a lazy iterator and runs nothing; call the generated method '{1}' instead",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An [InlineCallbacks] method is a C# iterator: calling it runs none of its body. The source generator writes a method that runs it and returns its Deferred; call that one, or pass the iterator to InlineCallbacks.Run.",
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.IteratorCalledDirectly));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? attribute = start.Compilation.GetTypeByMetadataName(InlineCallbacksIterators.AttributeMetadataName);
            INamedTypeSymbol? deferred = start.Compilation.GetTypeByMetadataName("Torsion.Deferred");
            if (attribute is null || deferred is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, attribute, deferred), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol attribute, INamedTypeSymbol deferred)
    {
        var invocation = (IInvocationOperation)context.Operation;
        string? generated = InlineCallbacksIterators.GeneratedName(invocation.TargetMethod, attribute, deferred);
        if (generated is null || IteratorUse.IsDeliberate(invocation))
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(GeneratedNameProperty, generated);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name, generated));
    }
}
