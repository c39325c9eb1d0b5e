using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Torsion.Analyzers;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2007 (<c>reactor.BlockingCallFromThread(f)</c> on the reactor thread): the function is
/// called directly, which is what the reactor would have done. <c>BlockingCallFromThread(() =&gt; expr)</c>
/// becomes <c>expr</c>, <c>BlockingCallFromThread(Compute)</c> becomes <c>Compute()</c>, any other
/// delegate <c>f</c> becomes <c>f()</c>. For the overload whose function returns a Deferred, the direct
/// call gives the Deferred itself: kept as it is when the code around accepts a Deferred (a Deferred
/// callback's result, which the chain waits for), awaited in an <c>async</c> function, or, in an
/// <c>[InlineCallbacks]</c> body, kept in a local that is yielded before the statement, whose
/// <c>.Result</c> replaces the call. Each form is
/// offered only when the changed method compiles (<see cref="FixVerification"/>); a lambda with a
/// block body is not inlined.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallFromThreadCodeFixProvider)), Shared]
public sealed class BlockingCallFromThreadCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BlockingCallFromThreadOnReactor);

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                || model.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol { Name: "BlockingCallFromThread" } method
                || DirectCall(call, method) is not { } direct)
            {
                continue;
            }

            // The function's Deferred in place of its result is right only where a Deferred callback's
            // result is given (the chain waits for it): elsewhere (a variable, an argument) it would
            // compile and silently hold the Deferred, so there it is awaited or not fixed.
            bool givesDeferred = method.Parameters[method.Parameters.Length - 1].Type is INamedTypeSymbol { TypeArguments.Length: 1 } function
                && function.TypeArguments[0] is INamedTypeSymbol { Name: "Deferred" };
            var candidates = new List<ExpressionSyntax>();
            if (!givesDeferred || IsCallbackResult(call))
            {
                candidates.Add(direct);
            }

            if (AwaitContext.CanAwait(call))
            {
                candidates.Add(SyntaxFactory.AwaitExpression(SyntaxFactory.ParenthesizedExpression(direct).WithAdditionalAnnotations(Simplifier.Annotation)));
            }

            bool registered = false;
            foreach (ExpressionSyntax candidate in candidates)
            {
                ExpressionSyntax replacement = SyntaxFactory.ParenthesizedExpression(candidate)
                    .WithAdditionalAnnotations(Simplifier.Annotation)
                    .WithTriviaFrom(call);
                Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                    context.Document, model, root, call, replacement, context.CancellationToken).ConfigureAwait(false);
                if (changed is not null)
                {
                    string title = candidate is AwaitExpressionSyntax ? "Call the function directly and await its Deferred" : "Call the function directly (this is the reactor thread)";
                    context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.BlockingCallFromThreadOnReactor), diagnostic);
                    registered = true;
                    break;
                }
            }

            // In an [InlineCallbacks] body, waiting is yielding: keep the function's Deferred, yield it
            // before the statement, and read its result where the blocking call was.
            if (!registered && givesDeferred
                && call.FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax } statement
                && statement is not (YieldStatementSyntax or ReturnStatementSyntax)
                && InlineCallbacksRewrite.IsInInlineCallbacksBody(call, model, context.CancellationToken))
            {
                string name = RetiredHandleCodeFixProvider.FreeName(model, statement.SpanStart, "result");
                SyntaxTriviaList indentation = SyntaxFactory.TriviaList(statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
                StatementSyntax keep = SyntaxFactory.ParseStatement("var " + name + " = " + direct.ToFullString() + ";")
                    .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
                StatementSyntax yield = SyntaxFactory.ParseStatement("yield return " + name + ";")
                    .WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
                StatementSyntax read = statement.ReplaceNode(call, SyntaxFactory.ParseExpression(name + ".Result").WithTriviaFrom(call))
                    .WithLeadingTrivia(indentation);
                Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                    context.Document, model, root, statement, new SyntaxNode[] { keep, yield, read }, context.CancellationToken).ConfigureAwait(false);
                if (changed is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Call the function directly and yield its Deferred", _ => Task.FromResult(changed), equivalenceKey: DiagnosticIds.BlockingCallFromThreadOnReactor),
                        diagnostic);
                }
            }
        }
    }

    /// <summary>True when <paramref name="call"/> is what a lambda returns (its expression body, or a <c>return</c> in its block).</summary>
    private static bool IsCallbackResult(SyntaxNode call)
    {
        SyntaxNode node = call;
        while (node.Parent is ParenthesizedExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            LambdaExpressionSyntax lambda => lambda.ExpressionBody == node && lambda.AsyncKeyword.RawKind == 0,
            ReturnStatementSyntax returned => returned.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax) is LambdaExpressionSyntax { AsyncKeyword.RawKind: 0 },
            _ => false,
        };
    }

    /// <summary>The direct call of the function given to <paramref name="call"/>, or null when there is none to write.</summary>
    private static ExpressionSyntax? DirectCall(InvocationExpressionSyntax call, IMethodSymbol method)
    {
        // The function is the only argument of the extension-method form (reactor.BlockingCallFromThread(f))
        // and the second of the static form (ReactorThreadExtensions.BlockingCallFromThread(reactor, f)).
        int index = method.MethodKind == MethodKind.ReducedExtension ? 0 : 1;
        if (call.ArgumentList.Arguments.Count != index + 1)
        {
            return null;
        }

        ExpressionSyntax function = call.ArgumentList.Arguments[index].Expression;
        switch (function)
        {
            case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0, ExpressionBody: { } body, AsyncKeyword.RawKind: 0 }:
                return body.WithoutTrivia();
            case ParenthesizedLambdaExpressionSyntax or AnonymousMethodExpressionSyntax:
                return null;
            default:
                return SyntaxFactory.InvocationExpression(
                    function is IdentifierNameSyntax or MemberAccessExpressionSyntax
                        ? function.WithoutTrivia()
                        : SyntaxFactory.ParenthesizedExpression(function.WithoutTrivia()));
        }
    }
}
