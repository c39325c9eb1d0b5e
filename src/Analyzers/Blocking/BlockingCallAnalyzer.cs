using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// TRS2001: flags calls that block the thread (<c>Thread.Sleep</c>, <c>Task.Wait</c>,
/// <c>Task.Result</c>, synchronous file, stream and socket I/O, waiting primitives ...; the list is
/// <see cref="BlockingMemberTable"/>) inside code that runs on the reactor
/// thread: lambdas given to Deferred callbacks and reactor scheduling methods, <c>async Deferred</c>
/// methods, and <c>[InlineCallbacks]</c> methods. One blocked callback stalls every connection.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule this analyzer reports.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.BlockingCallOnReactor,
        title: "Blocking call on the reactor thread",
        messageFormat: "'{0}' blocks the thread, and {1} runs on the reactor thread; wait with a Deferred instead (DeferLater, DeferToThread or await)",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Code that runs on the reactor must never block: while it waits, no other event is handled.",
        helpLinkUri: "docs/diagnostics/TRS2001.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var blocking = BlockingMembers.For(start.Compilation);
            if (blocking.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, blocking), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzePropertyReference(c, blocking), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, BlockingMembers blocking)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (blocking.IsBlocking(invocation.TargetMethod, invocation.Instance?.Type))
        {
            Report(context, invocation.TargetMethod);
        }
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, BlockingMembers blocking)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (blocking.IsBlocking(reference.Property, reference.Instance?.Type))
        {
            Report(context, reference.Property);
        }
    }

    private static void Report(OperationAnalysisContext context, ISymbol member)
    {
        string? where = ReactorContext.Describe(context.Operation, context.ContainingSymbol);
        if (where is null)
        {
            return;
        }

        string name = member.ContainingType.Name + "." + member.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), name, where));
    }
}
