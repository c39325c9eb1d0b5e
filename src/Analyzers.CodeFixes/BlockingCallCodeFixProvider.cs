using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Analyzers;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2001 in async code by awaiting instead of blocking (see <see cref="BlockingCallRewrite"/>).
/// Offered only where the rewrite is correct: the innermost enclosing function is <c>async</c>, the
/// place allows <c>await</c> (<see cref="AwaitContext"/>), a replacement with the same result exists,
/// and the rewritten member has no more compile errors than before.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallCodeFixProvider)), Shared]
public sealed class BlockingCallCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BlockingCallOnReactor);

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
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!AwaitContext.CanAwait(node) || BlockingCallRewrite.Create(node, model, context.CancellationToken) is not { } rewrite)
            {
                continue;
            }

            Document changed = context.Document.WithSyntaxRoot(root.ReplaceNode(node, rewrite.Replacement.WithAdditionalAnnotations(s_replaced)));
            if (!await CompilesAsWellAsync(model, node, changed, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(rewrite.Title, _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.BlockingCallOnReactor),
                diagnostic);
        }
    }

    private static readonly SyntaxAnnotation s_replaced = new("Torsion.BlockingCallReplaced");

    /// <summary>
    /// True when the member containing the replacement has no more errors than it had before (an
    /// <c>await</c> can be refused where this fix does not look, such as a ref struct local living
    /// across it).
    /// </summary>
    private static async Task<bool> CompilesAsWellAsync(SemanticModel before, SyntaxNode node, Document changed, CancellationToken cancellationToken)
    {
        SyntaxNode? oldMember = node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax);
        SyntaxNode? newRoot = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? after = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? replaced = newRoot?.GetAnnotatedNodes(s_replaced).FirstOrDefault();
        SyntaxNode? newMember = replaced?.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax);
        if (oldMember is null || newMember is null || after is null)
        {
            return false;
        }

        int errorsBefore = before.GetDiagnostics(oldMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        int errorsAfter = after.GetDiagnostics(newMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return errorsAfter <= errorsBefore;
    }
}
