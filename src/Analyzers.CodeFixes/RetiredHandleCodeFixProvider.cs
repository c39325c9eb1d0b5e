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

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes TRS2003 (a typed Deferred used after a callback retired it) in two ways, each offered only
/// when the changed method compiles (<see cref="FixVerification"/>):
/// <list type="bullet">
/// <item>when the retiring call bound to an untyped overload by accident, the typed form: an errback
/// that passes its failure on (<c>f =&gt; f</c>) rethrows it instead
/// (<c>f =&gt; { f.RaiseException(); return default(T)!; }</c>, which binds to <c>AddErrback(Func&lt;Failure, T&gt;)</c>),
/// and a callback that returns nothing (<c>x =&gt; Log(x)</c>) passes its value on
/// (<c>x =&gt; { Log(x); return x; }</c>); the handle then stays typed and is not retired;</item>
/// <item>continuing on the Deferred the retiring call returned: the statement
/// <c>d.AddCallback(x =&gt; x.ToString());</c> becomes <c>var dAsString = d.AddCallback(x =&gt; x.ToString());</c>
/// (or the variable it already initializes is reused) and the reported use of <c>d</c> becomes that
/// variable.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RetiredHandleCodeFixProvider)), Shared]
public sealed class RetiredHandleCodeFixProvider : CodeFixProvider
{
    private const string TypedFormKey = DiagnosticIds.RetiredHandleUsed + ".TypedForm";
    private const string ContinueKey = DiagnosticIds.RetiredHandleUsed + ".Continue";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.RetiredHandleUsed);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

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
            if (diagnostic.AdditionalLocations.Count == 0
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax use
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax retiring
                || retiring.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax) is not { } member
                || !member.Span.Contains(use.Span))
            {
                continue;
            }

            string handle = use.Identifier.ValueText;
            if (TypedForm(model, retiring, context.CancellationToken) is { } typed)
            {
                Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                    context.Document, model, root, retiring, typed, context.CancellationToken).ConfigureAwait(false);
                if (changed is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Keep '" + handle + "' typed: use the typed overload", _ => Task.FromResult(changed), equivalenceKey: TypedFormKey),
                        diagnostic);
                }
            }

            if (Continue(model, member, retiring, use, handle, context.CancellationToken) is { } continued)
            {
                Document? changed = await FixVerification.ReplaceIfItCompilesAsync(
                    context.Document, model, root, member, continued.Member, context.CancellationToken).ConfigureAwait(false);
                if (changed is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Continue on '" + continued.Name + "', the Deferred that '" + MethodName(retiring) + "' returned", _ => Task.FromResult(changed), equivalenceKey: ContinueKey),
                        diagnostic);
                }
            }
        }
    }

    /// <summary>The retiring call with its lambda rewritten to bind to the typed overload, or null when there is no typed form.</summary>
    private static InvocationExpressionSyntax? TypedForm(SemanticModel model, InvocationExpressionSyntax retiring, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(retiring, cancellationToken).Symbol is not IMethodSymbol method
            || retiring.ArgumentList.Arguments.Count != 1
            || retiring.ArgumentList.Arguments[0].Expression is not SimpleLambdaExpressionSyntax { AsyncKeyword.RawKind: 0 } lambda
            || retiring.Expression is not MemberAccessExpressionSyntax access
            || model.GetTypeInfo(access.Expression, cancellationToken).Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 })
        {
            return null;
        }

        // Only a callback that returns nothing has a typed form. (An errback that passes its failure
        // on, f => f, binds to the typed AddErrback(Func<Failure, Failure>) and retires nothing; one that
        // returns nothing turns the failure into a null result, which is no T.)
        string parameter = lambda.Parameter.Identifier.ValueText;
        SimpleLambdaExpressionSyntax? rewritten = null;
        if (method.Name == "AddCallback" && method.ContainingType.IsGenericType
            && method.Parameters.Length == 1 && method.Parameters[0].Type is INamedTypeSymbol { Name: "Action" })
        {
            // x => Log(x) passes nothing on; returning x keeps the value and the type.
            StatementSyntax returnIt = SyntaxFactory.ParseStatement("return " + parameter + ";");
            if (lambda.ExpressionBody is { } body)
            {
                rewritten = lambda.WithExpressionBody(null).WithBlock(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(body.WithoutTrivia()), returnIt));
            }
            else if (lambda.Block is { } block && !block.DescendantNodes().OfType<ReturnStatementSyntax>().Any())
            {
                rewritten = lambda.WithBlock(block.AddStatements(returnIt));
            }
        }

        return rewritten is null
            ? null
            : retiring.ReplaceNode(lambda, rewritten.WithArrowToken(lambda.ArrowToken).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));
    }

    /// <summary>
    /// The member with the retiring call's result kept in a variable (a new one, or the one its
    /// declaration already initializes) and <paramref name="use"/> replaced by that variable; null
    /// when the retiring call is not a whole statement or a variable's initializer.
    /// </summary>
    private static (MemberDeclarationSyntax Member, string Name)? Continue(
        SemanticModel model, MemberDeclarationSyntax member, InvocationExpressionSyntax retiring, IdentifierNameSyntax use, string handle, CancellationToken cancellationToken)
    {
        SyntaxNode outer = retiring;
        while (outer.Parent is ParenthesizedExpressionSyntax
               || (outer.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Expression == outer && memberAccess.Parent is InvocationExpressionSyntax))
        {
            outer = outer.Parent is MemberAccessExpressionSyntax ? outer.Parent.Parent! : outer.Parent;
        }

        if (outer.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Parent is VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax })
        {
            string existing = declarator.Identifier.ValueText;
            return (member.ReplaceNode(use, SyntaxFactory.IdentifierName(existing).WithTriviaFrom(use)), existing);
        }

        if (outer.Parent is not ExpressionStatementSyntax statement
            || statement.Parent is not (BlockSyntax or SwitchSectionSyntax)
            || model.GetTypeInfo(outer, cancellationToken).Type is not INamedTypeSymbol resultType)
        {
            return null;
        }

        string name = FreeName(model, statement.SpanStart, handle + (resultType.IsGenericType
            ? "As" + Pascal(resultType.TypeArguments[0].Name)
            : "Untyped"));
        StatementSyntax declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(
                        SyntaxFactory.EqualsValueClause(((ExpressionSyntax)outer).WithoutTrivia())))))
            .WithTriviaFrom(statement);
        MemberDeclarationSyntax changed = member.ReplaceNodes(
            new SyntaxNode[] { statement, use },
            (original, _) => original == statement ? declaration : SyntaxFactory.IdentifierName(name).WithTriviaFrom(use));
        return (changed, name);
    }

    private static string MethodName(InvocationExpressionSyntax call)
        => call.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : call.Expression.ToString();

    private static string Pascal(string name) => name.Length == 0 ? "Value" : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary><paramref name="wanted"/>, or it with a number appended, whichever names nothing visible at <paramref name="position"/>.</summary>
    internal static string FreeName(SemanticModel model, int position, string wanted)
    {
        string name = wanted;
        for (int i = 2; !model.LookupSymbols(position, name: name).IsEmpty; i++)
        {
            name = wanted + i;
        }

        return name;
    }
}
