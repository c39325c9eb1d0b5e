using System.Collections.Immutable;
using System.Composition;
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
/// and the rewritten member has no more compile errors than before (<see cref="FixVerification"/>).
/// In an <c>[InlineCallbacks]</c> body, waiting is yielding a Deferred instead (<see cref="InlineCallbacksRewrite"/>).
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
            if (node is ExpressionSyntax expression && InlineCallbacksRewrite.IsInInlineCallbacksBody(node, model, context.CancellationToken))
            {
                if (InlineCallbacksRewrite.Create(expression, model, context.CancellationToken) is { } yielding
                    && await FixVerification.ReplaceIfItCompilesAsync(
                        context.Document, model, root, yielding.Statement, yielding.Replacement, context.CancellationToken).ConfigureAwait(false) is { } rewritten)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(yielding.Title, _ => Task.FromResult(rewritten), equivalenceKey: DiagnosticIds.BlockingCallOnReactor + ".InlineCallbacks"),
                        diagnostic);
                }

                continue;
            }

            if (!AwaitContext.CanAwait(node) || BlockingCallRewrite.Create(node, model, context.CancellationToken) is not { } rewrite)
            {
                continue;
            }

            Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                context.Document, model, root, node, rewrite.Replacement, context.CancellationToken).ConfigureAwait(false);
            if (changed is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(rewrite.Title, _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.BlockingCallOnReactor),
                diagnostic);
        }
    }
}
