using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>Checks a fix's result before the fix is offered.</summary>
internal static class FixVerification
{
    /// <summary>
    /// Replaces <paramref name="node"/> with <paramref name="replacement"/> and returns the changed
    /// document when the member around it has no more compile errors than before; null otherwise.
    /// This catches what the fixes do not look for (a ref struct local living across a new
    /// <c>await</c>, a variable whose declared type no longer fits the new call's result ...).
    /// </summary>
    public static async Task<Document?> ReplaceIfItCompilesAsync(
        Document document, SemanticModel before, SyntaxNode root, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var marker = new SyntaxAnnotation();
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithAdditionalAnnotations(marker)));
        SyntaxNode? oldMember = ContainingMember(node);
        SyntaxNode? newRoot = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? after = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? replaced = newRoot?.GetAnnotatedNodes(marker).FirstOrDefault();
        SyntaxNode? newMember = replaced is null ? null : ContainingMember(replaced);
        if (oldMember is null || newMember is null || after is null)
        {
            return null;
        }

        int errorsBefore = before.GetDiagnostics(oldMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        int errorsAfter = after.GetDiagnostics(newMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return errorsAfter <= errorsBefore ? changed : null;
    }

    /// <summary>
    /// Replaces the statement <paramref name="node"/> with <paramref name="replacements"/> (statements of
    /// the same block) and returns the changed document when the member around it has no more compile
    /// errors than before; null otherwise.
    /// </summary>
    public static async Task<Document?> ReplaceIfItCompilesAsync(
        Document document, SemanticModel before, SyntaxNode root, SyntaxNode node, System.Collections.Generic.IReadOnlyList<SyntaxNode> replacements, CancellationToken cancellationToken)
    {
        if (replacements.Count == 0)
        {
            return null;
        }

        var marker = new SyntaxAnnotation();
        var marked = replacements.Select((r, i) => i == 0 ? r.WithAdditionalAnnotations(marker) : r).ToList();
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(node, marked));
        SyntaxNode? oldMember = ContainingMember(node);
        SyntaxNode? newRoot = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? after = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode? replaced = newRoot?.GetAnnotatedNodes(marker).FirstOrDefault();
        SyntaxNode? newMember = replaced is null ? null : ContainingMember(replaced);
        if (oldMember is null || newMember is null || after is null)
        {
            return null;
        }

        int errorsBefore = before.GetDiagnostics(oldMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        int errorsAfter = after.GetDiagnostics(newMember.Span, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return errorsAfter <= errorsBefore ? changed : null;
    }

    /// <summary>
    /// Replaces <paramref name="node"/> with <paramref name="replacement"/> and returns the changed
    /// document when the whole project has no more compile errors than before; null otherwise. For
    /// fixes that change a signature, which code elsewhere may depend on.
    /// </summary>
    public static async Task<Document?> ReplaceIfProjectCompilesAsync(
        Document document, SyntaxNode root, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        Document changed = document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        Compilation? before = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        Compilation? after = await changed.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (before is null || after is null)
        {
            return null;
        }

        int errorsBefore = before.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        int errorsAfter = after.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return errorsAfter <= errorsBefore ? changed : null;
    }

    private static SyntaxNode? ContainingMember(SyntaxNode node)
        => node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax);
}
