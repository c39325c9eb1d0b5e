using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using Torsion.Analyzers;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2004 (a Deferred whose result would be a Deferred) by waiting for the inner Deferred and
/// returning its result, offered only when the changed method compiles (<see cref="FixVerification"/>):
/// <list type="bullet">
/// <item><c>yield return InlineCallbacks.Return(page);</c> becomes <c>yield return page;
/// yield return InlineCallbacks.Return(page.Result);</c> (an expression other than a variable is
/// first kept in a new local);</item>
/// <item>an <c>async Deferred&lt;Deferred&lt;T&gt;&gt;</c> method or local function becomes
/// <c>async Deferred&lt;T&gt;</c>, and each of its <c>return x;</c> becomes <c>return await x;</c>.</item>
/// </list>
/// The signature change is checked against the whole project (a caller may need the old type).
/// An async lambda is not fixed: its type comes from the delegate it is converted to.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeferredResultCodeFixProvider)), Shared]
public sealed class DeferredResultCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.DeferredResultIsDeferred);

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
            Document? changed = null;
            string title;
            if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { Parent.Parent: InvocationExpressionSyntax } argument
                && argument.FirstAncestorOrSelf<YieldStatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax } yield
                && yield.Expression is { } yielded && StripParentheses(yielded) == argument.Parent.Parent)
            {
                title = "Yield the inner Deferred and return its result";
                IReadOnlyList<SyntaxNode> statements = YieldThenReturn(model, yield, argument.Expression);
                changed = await FixVerification.ReplaceIfItCompilesAsync(context.Document, model, root, yield, statements, context.CancellationToken).ConfigureAwait(false);
            }
            else if (AsyncFunction(node) is { } function && ReturnType(function) is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } returnType)
            {
                title = "Await the inner Deferred and return its result";
                SyntaxNode rewritten = AwaitReturns(function, returnType);
                changed = await FixVerification.ReplaceIfProjectCompilesAsync(context.Document, root, function, rewritten, context.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                continue;
            }

            if (changed is not null)
            {
                Document result = changed;
                context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(result), equivalenceKey: DiagnosticIds.DeferredResultIsDeferred), diagnostic);
            }
        }
    }

    private static SyntaxNode StripParentheses(SyntaxNode expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary><c>yield return inner; yield return InlineCallbacks.Return(inner.Result);</c>, with a new local for <c>inner</c> unless it is a variable.</summary>
    private static IReadOnlyList<SyntaxNode> YieldThenReturn(SemanticModel model, YieldStatementSyntax yield, ExpressionSyntax inner)
    {
        var statements = new List<SyntaxNode>();
        ExpressionSyntax handle = inner.WithoutTrivia();
        if (StripParentheses(inner) is not IdentifierNameSyntax)
        {
            string name = RetiredHandleCodeFixProvider.FreeName(model, yield.SpanStart, "inner");
            statements.Add(SyntaxFactory.ParseStatement("var " + name + " = " + handle + ";"));
            handle = SyntaxFactory.IdentifierName(name);
        }

        statements.Add(SyntaxFactory.ParseStatement("yield return " + handle + ";"));
        var argument = (ArgumentSyntax)inner.Parent!;
        var call = (InvocationExpressionSyntax)argument.Parent!.Parent!;
        InvocationExpressionSyntax returned = call.ReplaceNode(inner, SyntaxFactory.ParseExpression(handle + ".Result").WithTriviaFrom(inner));
        statements.Add(SyntaxFactory.YieldStatement(SyntaxKind.YieldReturnStatement, returned.WithoutTrivia()));
        return statements
            .Select((s, i) => (i == 0 ? s.WithLeadingTrivia(yield.GetLeadingTrivia()) : s.WithLeadingTrivia(yield.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToList();
    }

    /// <summary>The async method or local function whose name the diagnostic is on, or null.</summary>
    private static SyntaxNode? AsyncFunction(SyntaxNode node)
        => node switch
        {
            MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.AsyncKeyword) => method,
            LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.AsyncKeyword) => local,
            _ => null,
        };

    private static TypeSyntax? ReturnType(SyntaxNode function)
    {
        TypeSyntax? type = function switch
        {
            MethodDeclarationSyntax method => method.ReturnType,
            LocalFunctionStatementSyntax local => local.ReturnType,
            _ => null,
        };
        return type is QualifiedNameSyntax qualified ? qualified.Right : type;
    }

    /// <summary>The function with <c>Deferred&lt;X&gt;</c> made <c>X</c> and every own <c>return e;</c> made <c>return await e;</c>.</summary>
    private static SyntaxNode AwaitReturns(SyntaxNode function, GenericNameSyntax returnType)
    {
        TypeSyntax inner = returnType.TypeArgumentList.Arguments[0];
        SyntaxNode? typeNode = function is MethodDeclarationSyntax m ? m.ReturnType : ((LocalFunctionStatementSyntax)function).ReturnType;
        var returns = function.DescendantNodes(n => n == function || !IsFunction(n))
            .Where(n => n is ReturnStatementSyntax { Expression: not null } || (n is ArrowExpressionClauseSyntax arrow && arrow.Parent == function))
            .ToList();
        var replacements = new List<SyntaxNode> { typeNode! };
        replacements.AddRange(returns);
        return function.ReplaceNodes(replacements, (original, _) => original switch
        {
            ReturnStatementSyntax returned => returned.WithExpression(Await(returned.Expression!)),
            ArrowExpressionClauseSyntax arrow => arrow.WithExpression(Await(arrow.Expression)),
            _ => inner.WithTriviaFrom(original),
        });
    }

    private static ExpressionSyntax Await(ExpressionSyntax expression)
        => SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                expression is IdentifierNameSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax
                    ? expression.WithoutLeadingTrivia()
                    : SyntaxFactory.ParenthesizedExpression(expression.WithoutLeadingTrivia()))
            .WithLeadingTrivia(expression.GetLeadingTrivia());

    private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;
}
