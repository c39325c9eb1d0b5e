using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Whether the body of an [InlineCallbacks] method can run off its end. The compiler's own flow
    /// analysis does not know that <c>yield return InlineCallbacks.Return(v)</c> ends the method, so
    /// this is a small syntactic analysis; when unsure it answers "can complete" (the warning it feeds,
    /// TRS108, is then shown).
    /// </summary>
    internal sealed class EndReachability
    {
        private readonly BodyLowerer _lowerer;

        public EndReachability(BodyLowerer lowerer) => _lowerer = lowerer;

        public bool CanCompleteNormally(StatementSyntax statement)
        {
            switch (statement)
            {
                case BlockSyntax block:
                    return block.Statements.All(CanCompleteNormally);
                case YieldStatementSyntax yield:
                    if (yield.IsKind(SyntaxKind.YieldBreakStatement))
                    {
                        return false;
                    }
                    ExpressionSyntax? value = yield.Expression;
                    while (value is ParenthesizedExpressionSyntax parenthesized)
                    {
                        value = parenthesized.Expression;
                    }
                    return !(value is InvocationExpressionSyntax invocation && _lowerer.IsReturnCall(invocation, out _));
                case ThrowStatementSyntax _:
                case ReturnStatementSyntax _:
                case GotoStatementSyntax _:
                case BreakStatementSyntax _:
                case ContinueStatementSyntax _:
                    return false;
                case IfStatementSyntax ifStatement:
                    return ifStatement.Else is null
                        || CanCompleteNormally(ifStatement.Statement)
                        || CanCompleteNormally(ifStatement.Else.Statement);
                case WhileStatementSyntax whileStatement:
                    return !IsTrue(whileStatement.Condition) || HasBreakFor(whileStatement);
                case DoStatementSyntax doStatement:
                    return !IsTrue(doStatement.Condition) || HasBreakFor(doStatement);
                case ForStatementSyntax forStatement:
                    return (forStatement.Condition != null && !IsTrue(forStatement.Condition)) || HasBreakFor(forStatement);
                case SwitchStatementSyntax switchStatement:
                    bool hasDefault = switchStatement.Sections.Any(s => s.Labels.Any(l => l is DefaultSwitchLabelSyntax));
                    return !hasDefault || HasBreakFor(switchStatement)
                        || switchStatement.Sections.Any(s => s.Statements.Count == 0 || s.Statements.All(CanCompleteNormally));
                case TryStatementSyntax tryStatement:
                    return (tryStatement.Finally is null || CanCompleteNormally(tryStatement.Finally.Block))
                           && (CanCompleteNormally(tryStatement.Block) || tryStatement.Catches.Any(c => CanCompleteNormally(c.Block)));
                case UsingStatementSyntax usingStatement:
                    return CanCompleteNormally(usingStatement.Statement);
                case LockStatementSyntax lockStatement:
                    return CanCompleteNormally(lockStatement.Statement);
                case CheckedStatementSyntax checkedStatement:
                    return CanCompleteNormally(checkedStatement.Block);
                case LabeledStatementSyntax labeled:
                    return CanCompleteNormally(labeled.Statement);
                default:
                    return true;
            }
        }

        /// <summary>Whether a <c>yield break</c> can be reached (one right after a Return, say, cannot).</summary>
        public bool HasReachableYieldBreak(StatementSyntax statement)
        {
            switch (statement)
            {
                case YieldStatementSyntax yield:
                    return yield.IsKind(SyntaxKind.YieldBreakStatement);
                case BlockSyntax block:
                    return AnyReachable(block.Statements);
                case LabeledStatementSyntax labeled:
                    return HasReachableYieldBreak(labeled.Statement);
                case SwitchStatementSyntax switchStatement:
                    return switchStatement.Sections.Any(s => AnyReachable(s.Statements));
                case TryStatementSyntax tryStatement:
                    return HasReachableYieldBreak(tryStatement.Block)
                        || tryStatement.Catches.Any(c => HasReachableYieldBreak(c.Block))
                        || (tryStatement.Finally != null && HasReachableYieldBreak(tryStatement.Finally.Block));
                case LocalFunctionStatementSyntax _:
                    return false;
                default:
                    // if/else, loops, using, lock, checked...: any nested statement may be reached.
                    return statement.ChildNodes().OfType<StatementSyntax>().Any(HasReachableYieldBreak)
                        || statement.ChildNodes().OfType<ElseClauseSyntax>().Any(e => HasReachableYieldBreak(e.Statement));
            }
        }

        private bool AnyReachable(SyntaxList<StatementSyntax> statements)
        {
            bool reachable = true;
            foreach (StatementSyntax statement in statements)
            {
                if (statement is LabeledStatementSyntax)
                {
                    reachable = true; // a goto may lead here
                }
                if (reachable && HasReachableYieldBreak(statement))
                {
                    return true;
                }
                reachable = reachable && CanCompleteNormally(statement);
            }
            return false;
        }

        /// <summary>
        /// Whether an earlier statement of the same list (a block or a switch section, since its last
        /// label) cannot complete normally, so that <paramref name="statement"/> is unreachable.
        /// </summary>
        private bool FollowsAnEnd(StatementSyntax statement)
        {
            SyntaxList<StatementSyntax> list;
            switch (statement.Parent)
            {
                case BlockSyntax block:
                    list = block.Statements;
                    break;
                case SwitchSectionSyntax section:
                    list = section.Statements;
                    break;
                default:
                    return false;
            }
            int index = list.IndexOf(statement);
            for (int i = index - 1; i >= 0; i--)
            {
                if (list[i] is LabeledStatementSyntax)
                {
                    return !CanCompleteNormally(list[i]);
                }
                if (!CanCompleteNormally(list[i]))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool IsTrue(ExpressionSyntax condition) => condition.IsKind(SyntaxKind.TrueLiteralExpression);

        /// <summary>Whether a <c>break</c> (not inside a nested loop or switch) leaves <paramref name="breakable"/>.</summary>
        private bool HasBreakFor(StatementSyntax breakable)
        {
            foreach (BreakStatementSyntax breakStatement in breakable.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)).OfType<BreakStatementSyntax>())
            {
                if (FollowsAnEnd(breakStatement))
                {
                    continue; // 'case X: yield return InlineCallbacks.Return(v); break;': the break is never reached
                }
                SyntaxNode? target = breakStatement.Parent;
                while (target != null && !(target is WhileStatementSyntax) && !(target is DoStatementSyntax) && !(target is ForStatementSyntax)
                       && !(target is CommonForEachStatementSyntax) && !(target is SwitchStatementSyntax))
                {
                    target = target.Parent;
                }
                if (target == breakable)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
