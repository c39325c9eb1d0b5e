using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Torsion.Shared;

namespace Torsion.Analyzers.CodeFixes;

/// <summary>
/// Fixes of TRS2001 in the body of an <c>[InlineCallbacks]</c> method, where waiting is yielding a
/// Deferred. Each rewrites the statement that contains the blocking call into statements:
/// <list type="bullet">
/// <item><c>Thread.Sleep(x);</c> becomes <c>yield return clock.DeferLater(delay);</c> (the delay as a
/// <c>TimeSpan</c>; the clock is an <c>IReactorTime</c> in scope, else <c>Reactor.Instance</c>);</item>
/// <item>a statement reading <c>task.Result</c>, <c>task.GetAwaiter().GetResult()</c> or calling
/// <c>task.Wait()</c> (a task held in a variable, parameter or field) gets
/// <c>yield return Deferred.FromTask(task);</c> before it: once the body resumes the task is complete
/// and reading its result no longer blocks (a failed task fails the yield, as <c>Result</c> threw);
/// <c>task.Wait();</c> alone is replaced by the yield;</item>
/// <item>a synchronous <c>File</c> call alone in a statement (<c>File.WriteAllText(p, t);</c>) or
/// initializing one local (<c>var text = File.ReadAllText(p);</c>) runs on the thread pool:
/// <c>var textRead = reactor.DeferToThread(() => File.ReadAllText(p)); yield return textRead; var text = textRead.Result;</c>.</item>
/// </list>
/// The caller checks that the result compiles before offering it.
/// </summary>
internal static class InlineCallbacksRewrite
{
    /// <summary>True when <paramref name="node"/> is in the body of an <c>[InlineCallbacks]</c> method itself (not a lambda or local function in it).</summary>
    public static bool IsInInlineCallbacksBody(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        for (SyntaxNode? current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case MethodDeclarationSyntax method:
                    return model.GetDeclaredSymbol(method, cancellationToken) is { } symbol
                        && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == InlineCallbacksNaming.AttributeMetadataName);
            }
        }

        return false;
    }

    /// <summary>The statement to replace, its replacements and a title; null when no rewrite applies.</summary>
    public static (StatementSyntax Statement, IReadOnlyList<StatementSyntax> Replacement, string Title)? Create(
        ExpressionSyntax blocking, SemanticModel model, CancellationToken cancellationToken)
    {
        if (blocking.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement
            || model.GetSymbolInfo(blocking, cancellationToken).Symbol is not { } member)
        {
            return null;
        }

        string type = member.ContainingType?.ToDisplayString() ?? "";

        // Thread.Sleep(x);
        if (member is IMethodSymbol { Name: "Sleep", IsStatic: true } && type == "System.Threading.Thread"
            && statement is ExpressionStatementSyntax { Expression: var sleepCall } && sleepCall == blocking
            && blocking is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep)
        {
            ExpressionSyntax written = sleep.ArgumentList.Arguments[0].Expression;
            bool isTimeSpan = model.GetTypeInfo(written, cancellationToken).Type?.ToDisplayString() == "System.TimeSpan";
            ExpressionSyntax argument = written.WithoutTrivia();
            string delay = isTimeSpan ? argument.ToString() : "global::System.TimeSpan.FromMilliseconds(" + argument + ")";
            string clock = InScope(blocking, model, "Torsion.IReactorTime") ?? "global::Torsion.Reactor.Instance";
            return (statement, new[] { Yield(clock + ".DeferLater(" + delay + ")", statement) },
                "Yield a reactor delay instead of sleeping");
        }

        // task.Result, task.GetAwaiter().GetResult(), task.Wait()
        if (TaskOf(blocking, member, type) is { } task && IsPlainReference(task, model, cancellationToken))
        {
            StatementSyntax yield = Yield("global::Torsion.Deferred.FromTask(" + task.WithoutTrivia() + ")", statement);
            bool waitAlone = member.Name == "Wait" && statement is ExpressionStatementSyntax { Expression: var waited } && waited == blocking;
            return waitAlone
                ? (statement, new[] { yield }, "Yield Deferred.FromTask instead of waiting")
                : (statement, new[] { yield, statement }, "Yield Deferred.FromTask before reading the result");
        }

        // File.ReadAllText(path) and the other synchronous File calls
        if (type == "System.IO.File" && member is IMethodSymbol fileMethod && blocking is InvocationExpressionSyntax fileCall)
        {
            string reactor = InScope(blocking, model, "Torsion.IReactorThreads") ?? "global::Torsion.Reactor.Instance";
            string work = reactor + ".DeferToThread(() => " + fileCall.WithoutTrivia() + ")";
            if (statement is ExpressionStatementSyntax { Expression: var alone } && alone == blocking)
            {
                return (statement, new[] { Yield(work, statement) }, "Run the file call on the thread pool (DeferToThread)");
            }

            if (!fileMethod.ReturnsVoid && statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
                && declaration.Declaration.Variables[0].Initializer?.Value == blocking)
            {
                string name = Unused(declaration.Declaration.Variables[0].Identifier.ValueText + "Read", statement, model);
                StatementSyntax start = SyntaxFactory.ParseStatement("var " + name + " = " + work + ";")
                    .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                    .WithAdditionalAnnotations(Simplifier.Annotation);
                StatementSyntax wait = Yield(name, statement);
                LocalDeclarationStatementSyntax read = declaration.ReplaceNode(
                    declaration.Declaration.Variables[0].Initializer!.Value, SyntaxFactory.ParseExpression(name + ".Result"));
                return (statement, new StatementSyntax[] { start, wait, read }, "Run the file call on the thread pool (DeferToThread) and yield it");
            }
        }

        return null;
    }

    /// <summary>The task expression of <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c> or <c>t.Wait()</c> (a Task or Task&lt;T&gt;).</summary>
    private static ExpressionSyntax? TaskOf(ExpressionSyntax blocking, ISymbol member, string type)
    {
        bool isTask = type.StartsWith("System.Threading.Tasks.Task", System.StringComparison.Ordinal);
        switch (blocking)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result when member is IPropertySymbol && isTask:
                return result.Expression;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } when isTask:
                return wait.Expression;
            case InvocationExpressionSyntax
            {
                ArgumentList.Arguments.Count: 0,
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } }
            } when type.StartsWith("System.Runtime.CompilerServices.TaskAwaiter", System.StringComparison.Ordinal):
                return getAwaiter.Expression;
            default:
                return null;
        }
    }

    /// <summary>True when evaluating <paramref name="expression"/> twice gives the same task: a local, parameter or field.</summary>
    private static bool IsPlainReference(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            && model.GetSymbolInfo(expression, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol;

    /// <summary>The name of a local, parameter, field or property in scope whose type implements <paramref name="interfaceName"/>.</summary>
    private static string? InScope(SyntaxNode at, SemanticModel model, string interfaceName)
    {
        INamedTypeSymbol? wanted = model.Compilation.GetTypeByMetadataName(interfaceName);
        if (wanted is null)
        {
            return null;
        }

        ISymbol? best = null;
        foreach (ISymbol symbol in model.LookupSymbols(at.SpanStart))
        {
            ITypeSymbol? type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null || !(SymbolEqualityComparer.Default.Equals(type, wanted) || type.AllInterfaces.Contains(wanted, SymbolEqualityComparer.Default)))
            {
                continue;
            }

            if (best is null || (symbol is ILocalSymbol or IParameterSymbol && best is not (ILocalSymbol or IParameterSymbol)))
            {
                best = symbol;
            }
        }

        return best?.Name;
    }

    private static string Unused(string name, SyntaxNode at, SemanticModel model)
    {
        string candidate = name;
        for (int i = 2; model.LookupSymbols(at.SpanStart, name: candidate).Length > 0; i++)
        {
            candidate = name + i;
        }

        return candidate;
    }

    private static StatementSyntax Yield(string expression, StatementSyntax replaced)
        => SyntaxFactory.ParseStatement("yield return " + expression + ";")
            .WithLeadingTrivia(replaced.GetLeadingTrivia())
            .WithTrailingTrivia(replaced.GetTrailingTrivia())
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
