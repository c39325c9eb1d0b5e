using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>Decides whether an <c>await</c> expression may replace a node.</summary>
internal static class AwaitContext
{
    /// <summary>
    /// True when <paramref name="node"/> is in the body of an <c>async</c> method, local function,
    /// lambda or anonymous method (the innermost one), and not inside a <c>lock</c> statement, an
    /// <c>unsafe</c> block or a query expression, where C# forbids <c>await</c>.
    /// </summary>
    public static bool CanAwait(SyntaxNode node)
    {
        for (SyntaxNode? current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax:
                case UnsafeStatementSyntax:
                case QueryExpressionSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
