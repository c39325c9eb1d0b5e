using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Analyzers;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2005 by yielding the Deferred before the statement that reads its result:
/// <c>int n = page.Result;</c> becomes <c>yield return page; int n = page.Result;</c>. Offered when
/// the Deferred is a local or parameter, the statement is directly in a block, and the changed
/// method compiles (not, for example, inside a <c>try</c> with a <c>catch</c>; see <see cref="FixVerification"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResultBeforeYieldCodeFixProvider)), Shared]
public sealed class ResultBeforeYieldCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ResultBeforeYield);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax handle } access
                || access.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement
                || model.GetSymbolInfo(handle, context.CancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol))
            {
                continue;
            }

            StatementSyntax yield = SyntaxFactory.ParseStatement("yield return " + handle.Identifier.ValueText + ";")
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                context.Document, model, root, statement, new SyntaxNode[] { yield, statement }, context.CancellationToken).ConfigureAwait(false);
            if (changed is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Yield '" + handle.Identifier.ValueText + "' before reading its result", _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.ResultBeforeYield),
                    diagnostic);
            }
        }
    }
}
