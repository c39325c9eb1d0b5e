using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Torsion.Analyzers.Blocking;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Computes the awaiting replacement of one blocking expression reported by TRS2001: <c>task.Wait()</c>
/// becomes <c>await task</c>; <c>task.Result</c> and <c>task.GetAwaiter().GetResult()</c> become
/// <c>(await task)</c>; a call with an asynchronous counterpart (<see cref="AsyncCounterparts"/>)
/// becomes <c>(await x.NameAsync(same arguments))</c>; <c>Thread.Sleep(x)</c> becomes
/// <c>await Task.Delay(x)</c>. Parentheses are only added around a value,
/// and are marked for the simplifier, which removes them where they are not needed.
/// </summary>
internal static class BlockingCallRewrite
{
    /// <summary>
    /// The replacement for <paramref name="node"/>, and a title for the fix; null when no replacement
    /// is known to do the same thing asynchronously. Whether <c>await</c> is allowed at the node is
    /// not checked here (see <see cref="AwaitContext"/>).
    /// </summary>
    public static (ExpressionSyntax Replacement, string Title)? Create(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax expression)
        {
            return null;
        }

        ISymbol? symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is null || !BlockingMembers.For(model.Compilation).IsBlocking(symbol, ReceiverType(expression, model, cancellationToken)))
        {
            return null;
        }

        bool isVoid = model.GetTypeInfo(expression, cancellationToken).Type is null or { SpecialType: SpecialType.System_Void };
        string taskName = symbol.ContainingType.Name;

        // task.Result (Task<T>, ValueTask<T>)
        if (expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result && symbol is IPropertySymbol)
        {
            return (Await(result.Expression, expression, isVoid), "Await the " + taskName + " instead of reading Result");
        }

        if (expression is not InvocationExpressionSyntax invocation || symbol is not IMethodSymbol method)
        {
            return null;
        }

        // task.GetAwaiter().GetResult(), task.ConfigureAwait(false).GetAwaiter().GetResult()
        if (method.Name == "GetResult" && invocation.ArgumentList.Arguments.Count == 0
            && invocation.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax getAwaiter }
            && getAwaiter.ArgumentList.Arguments.Count == 0
            && getAwaiter.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } awaiterAccess)
        {
            return (Await(awaiterAccess.Expression, expression, isVoid), "Await instead of GetAwaiter().GetResult()");
        }

        // task.Wait()
        if (method.Name == "Wait" && method.Parameters.Length == 0 && !method.IsStatic
            && method.ContainingType.ToDisplayString() == "System.Threading.Tasks.Task"
            && invocation.Expression is MemberAccessExpressionSyntax waitAccess)
        {
            return (Await(waitAccess.Expression, expression, isVoid), "Await the task instead of waiting for it");
        }

        // Thread.Sleep(ms) and Thread.Sleep(timeSpan): Task.Delay takes the same argument. Awaited on the
        // reactor thread it resumes there (the running reactor's SynchronizationContext), and the
        // reactor serves everything else in the meantime.
        if (method.Name == "Sleep" && method.IsStatic && invocation.ArgumentList.Arguments.Count == 1
            && method.ContainingType.ToDisplayString() == "System.Threading.Thread")
        {
            ExpressionSyntax delay = SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.Delay")
                .WithAdditionalAnnotations(Simplifier.Annotation);
            // The parameter names differ (millisecondsTimeout, timeout): pass the argument by position.
            ArgumentSyntax argument = invocation.ArgumentList.Arguments[0].WithNameColon(null).WithoutTrivia();
            ArgumentListSyntax arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument));
            return (Await(SyntaxFactory.InvocationExpression(delay, arguments), invocation, isVoid: true),
                "Await Task.Delay instead of sleeping (the reactor keeps running)");
        }

        return Counterpart(invocation, method, model, isVoid, cancellationToken);
    }

    /// <summary><c>x.Read(a, b)</c> becomes <c>(await x.ReadAsync(a, b))</c> when ReadAsync binds to the counterpart.</summary>
    private static (ExpressionSyntax, string)? Counterpart(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, bool isVoid, CancellationToken cancellationToken)
    {
        IMethodSymbol? counterpart = AsyncCounterparts.Find(method.ReducedFrom ?? method, model.Compilation);
        SimpleNameSyntax? name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };
        if (counterpart is null || name is not IdentifierNameSyntax)
        {
            return null;
        }

        SimpleNameSyntax renamed = name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, counterpart.Name, name.Identifier.TrailingTrivia));
        var call = invocation.ReplaceNode(name, renamed);

        // Overload resolution must choose the counterpart (not another overload of that name).
        ISymbol? bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, call, SpeculativeBindingOption.BindAsExpression).Symbol;
        if (bound is not IMethodSymbol boundMethod || !SymbolEqualityComparer.Default.Equals(boundMethod.OriginalDefinition, counterpart.OriginalDefinition))
        {
            return null;
        }

        return (Await(call.WithoutTrivia(), invocation, isVoid), "Await " + counterpart.ContainingType.Name + "." + counterpart.Name + " instead");
    }

    private static ExpressionSyntax Await(ExpressionSyntax awaited, ExpressionSyntax replaced, bool isVoid)
    {
        SyntaxToken keyword = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        ExpressionSyntax result = SyntaxFactory.AwaitExpression(keyword, awaited.WithoutTrivia());
        if (!isVoid)
        {
            result = SyntaxFactory.ParenthesizedExpression(result).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        return result.WithTriviaFrom(replaced);
    }

    private static ITypeSymbol? ReceiverType(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        ExpressionSyntax? target = expression is InvocationExpressionSyntax invocation ? invocation.Expression : expression;
        return target is MemberAccessExpressionSyntax access && model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is not ITypeSymbol
            ? model.GetTypeInfo(access.Expression, cancellationToken).Type
            : null;
    }
}
