using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Analyzers;
using Torsion.Analyzers.InlineCallbacks;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2002 by calling the generated method instead of the <c>[InlineCallbacks]</c> iterator:
/// <c>downloader.Fetch(url)</c> becomes <c>downloader.FetchAsync(url)</c> (receiver, type arguments
/// and arguments kept). Offered only when the generated method exists in the compilation and the
/// changed code compiles (<see cref="FixVerification"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IteratorCallCodeFixProvider)), Shared]
public sealed class IteratorCallCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.IteratorCalledDirectly);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(IteratorCallAnalyzer.GeneratedNameProperty, out string? generated) || generated is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || MethodName(invocation) is not { } name
                || !GeneratedMethodExists(model, invocation, generated, context.CancellationToken))
            {
                continue;
            }

            Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                context.Document, model, root, name, Rename(name, generated), context.CancellationToken).ConfigureAwait(false);
            if (changed is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Call '" + generated + "'", _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.IteratorCalledDirectly),
                diagnostic);
        }
    }

    /// <summary>The name of the called method in <paramref name="invocation"/> (<c>Fetch</c> in <c>d.Fetch&lt;T&gt;(x)</c>).</summary>
    private static SimpleNameSyntax? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        SimpleNameSyntax simple => simple,
        MemberAccessExpressionSyntax access => access.Name,
        MemberBindingExpressionSyntax binding => binding.Name,
        _ => null,
    };

    private static SimpleNameSyntax Rename(SimpleNameSyntax name, string generated)
        => name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, generated, name.Identifier.TrailingTrivia));

    /// <summary>True when the iterator's type declares a method named <paramref name="generated"/> with the same parameter count.</summary>
    private static bool GeneratedMethodExists(SemanticModel model, InvocationExpressionSyntax invocation, string generated, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return false;
        }

        IMethodSymbol iterator = (called.ReducedFrom ?? called).OriginalDefinition;
        return iterator.ContainingType.GetMembers(generated).OfType<IMethodSymbol>()
            .Any(m => m.IsStatic == iterator.IsStatic && m.Parameters.Length == iterator.Parameters.Length && m.Arity == iterator.Arity);
    }
}
