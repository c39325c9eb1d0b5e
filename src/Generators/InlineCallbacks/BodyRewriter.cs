using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Rewrites a piece of the user's body (a statement without yields, or an expression of a lowered
    /// statement) so that it runs inside the generated body method: hoisted locals and parameters become
    /// fields of the state machine (<c>__m.x</c>), declarations of hoisted locals become assignments,
    /// and jumps to lowered loops, switches and labels become gotos to the generated labels.
    /// Only original nodes are given to the semantic model.
    /// </summary>
    internal sealed class BodyRewriter : CSharpSyntaxRewriter
    {
        private readonly BodyLowerer _lowerer;
        private int _breakDepth;
        private int _continueDepth;
        private int _switchDepth;
        private int _lambdaDepth;
        private int _localFunctionDepth;

        public BodyRewriter(BodyLowerer lowerer) => _lowerer = lowerer;

        private SemanticModel Model => _lowerer.Model;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            ISymbol? symbol = Model.GetSymbolInfo(node, _lowerer.CancellationToken).Symbol;
            if (symbol is null || !_lowerer.TryGetHoisted(symbol, out HoistedVariable? hoisted))
            {
                return base.VisitIdentifierName(node);
            }
            if (hoisted!.PerIteration && (_localFunctionDepth > 0 || (_lambdaDepth > 0 && !hoisted.Boxed)))
            {
                _lowerer.ReportLoopVariableCaptured(node, symbol.Name);
            }
            if (hoisted.Boxed)
            {
                ExpressionSyntax box = _lambdaDepth > 0 ? SyntaxFactory.IdentifierName(_lowerer.BoxLocal(symbol)) : FieldAccess(hoisted.FieldName);
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, box, SyntaxFactory.IdentifierName("Value"))
                    .WithTriviaFrom(node);
            }
            return FieldAccess(hoisted.FieldName).WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
        {
            ExpressionSyntax? replaced = ReplaceDesignation(node.Designation);
            return replaced is null ? base.VisitDeclarationExpression(node) : replaced.WithTriviaFrom(node);
        }

        /// <summary><c>x is string s</c> with a hoisted <c>s</c> becomes <c>(x is string __t1 &amp;&amp; __m.Hoist(out __m.s, __t1))</c>.</summary>
        public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
        {
            var assignments = new List<string>();
            PatternSyntax pattern = RenameHoistedDesignations(node.Pattern, assignments);
            if (assignments.Count == 0)
            {
                return base.VisitIsPatternExpression(node);
            }
            var expression = (ExpressionSyntax)Visit(node.Expression)!;
            bool negated = false;
            PatternSyntax inner = pattern;
            while (inner is ParenthesizedPatternSyntax parenthesized)
            {
                inner = parenthesized.Pattern;
            }
            if (inner is UnaryPatternSyntax unary && unary.OperatorToken.IsKind(SyntaxKind.NotKeyword))
            {
                negated = true;
                pattern = unary.Pattern;
            }
            var text = new StringBuilder();
            text.Append(negated ? "!(" : "(").Append(expression.ToString()).Append(" is ").Append(pattern.ToString());
            foreach (string assignment in assignments)
            {
                text.Append(" && ").Append(assignment);
            }
            text.Append(')');
            return SyntaxFactory.ParseExpression(text.ToString()).WithTriviaFrom(node);
        }

        /// <summary>
        /// Renames every designation of a hoisted variable in <paramref name="pattern"/> to a fresh temporary and
        /// adds the <c>__m.Hoist(out __m.field, temp)</c> calls that copy them into the fields.
        /// </summary>
        public PatternSyntax RenameHoistedDesignations(PatternSyntax pattern, List<string> assignments)
        {
            var renames = new Dictionary<SingleVariableDesignationSyntax, string>();
            foreach (SingleVariableDesignationSyntax designation in pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
            {
                ISymbol? symbol = Model.GetDeclaredSymbol(designation, _lowerer.CancellationToken);
                if (symbol != null && _lowerer.TryGetHoisted(symbol, out HoistedVariable? hoisted))
                {
                    string temp = _lowerer.NewTemporaryName(symbol.Name);
                    renames.Add(designation, temp);
                    assignments.Add("__m.Hoist(out " + FieldAccess(hoisted!.FieldName) + ", " + temp + ")");
                }
            }
            if (renames.Count == 0)
            {
                return pattern;
            }
            return pattern.ReplaceNodes(
                renames.Keys,
                (original, _) => SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(renames[original])).WithTriviaFrom(original));
        }

        /// <summary><c>var (a, b)</c> / <c>out var x</c> of hoisted variables become <c>(__m.a, __m.b)</c> / <c>__m.x</c>.</summary>
        private ExpressionSyntax? ReplaceDesignation(VariableDesignationSyntax designation)
        {
            switch (designation)
            {
                case SingleVariableDesignationSyntax single:
                    ISymbol? symbol = Model.GetDeclaredSymbol(single, _lowerer.CancellationToken);
                    if (symbol != null && _lowerer.TryGetHoisted(symbol, out HoistedVariable? hoisted))
                    {
                        if (hoisted!.Boxed)
                        {
                            _lowerer.ReportLoopVariableCaptured(single, symbol.Name);
                        }
                        return FieldAccess(hoisted.FieldName);
                    }
                    return null;
                case ParenthesizedVariableDesignationSyntax parenthesized:
                    var elements = new List<ExpressionSyntax>();
                    bool any = false;
                    foreach (VariableDesignationSyntax inner in parenthesized.Variables)
                    {
                        ExpressionSyntax? replaced = ReplaceDesignation(inner);
                        if (replaced != null)
                        {
                            any = true;
                            elements.Add(replaced);
                        }
                        else if (inner is DiscardDesignationSyntax)
                        {
                            elements.Add(SyntaxFactory.IdentifierName("_"));
                        }
                        else
                        {
                            return null;
                        }
                    }
                    return any
                        ? SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(elements.Select(SyntaxFactory.Argument))).NormalizeWhitespace()
                        : null;
                default:
                    return null;
            }
        }

        public static ExpressionSyntax FieldAccess(string fieldName) =>
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName("__m"),
                SyntaxFactory.IdentifierName(SyntaxFactory.ParseToken(fieldName)));

        public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            ISymbol? symbol = Model.GetDeclaredSymbol(node, _lowerer.CancellationToken);
            if (symbol != null && _lowerer.TryGetHoisted(symbol, out _))
            {
                // Only the lowerer writes declarations of hoisted variables; reaching one here means an
                // unexpected shape. Say so instead of generating code that does not compile.
                _lowerer.ReportUnsupported(node, "the declaration of '" + symbol.Name + "' in this position");
            }
            return base.VisitVariableDeclarator(node);
        }

        // ----- jumps -----

        public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node)
        {
            if (_breakDepth == 0 && _lowerer.CurrentJumps?.BreakLabel is string label)
            {
                return Goto(label, node);
            }
            return base.VisitBreakStatement(node);
        }

        public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node)
        {
            if (_continueDepth == 0 && _lowerer.CurrentJumps?.ContinueLabel is string label)
            {
                return Goto(label, node);
            }
            return base.VisitContinueStatement(node);
        }

        public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
        {
            if (node.IsKind(SyntaxKind.GotoStatement) && node.Expression != null)
            {
                if (Model.GetSymbolInfo(node.Expression, _lowerer.CancellationToken).Symbol is ILabelSymbol label
                    && _lowerer.TryGetLabel(label, out string? name))
                {
                    return Goto(name!, node);
                }
            }
            else if (_switchDepth == 0 && _lowerer.CurrentSwitch is LoweredSwitch loweredSwitch)
            {
                string? target = node.IsKind(SyntaxKind.GotoDefaultStatement)
                    ? loweredSwitch.DefaultLabel
                    : loweredSwitch.FindCaseLabel(Model.GetConstantValue(node.Expression!, _lowerer.CancellationToken));
                if (target != null)
                {
                    return Goto(target, node);
                }
                _lowerer.ReportUnsupported(node, "this 'goto case' (its target section was not found)");
            }
            return base.VisitGotoStatement(node);
        }

        private static StatementSyntax Goto(string label, StatementSyntax original) =>
            SyntaxFactory.ParseStatement("goto " + label + ";").WithTriviaFrom(original);

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) => InLoop(() => base.VisitWhileStatement(node));

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) => InLoop(() => base.VisitDoStatement(node));

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node) => InLoop(() => base.VisitForStatement(node));

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) => InLoop(() => base.VisitForEachStatement(node));

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) => InLoop(() => base.VisitForEachVariableStatement(node));

        public override SyntaxNode? VisitSwitchStatement(SwitchStatementSyntax node)
        {
            _breakDepth++;
            _switchDepth++;
            try
            {
                return base.VisitSwitchStatement(node);
            }
            finally
            {
                _breakDepth--;
                _switchDepth--;
            }
        }

        private SyntaxNode? InLoop(System.Func<SyntaxNode?> visit)
        {
            _breakDepth++;
            _continueDepth++;
            try
            {
                return visit();
            }
            finally
            {
                _breakDepth--;
                _continueDepth--;
            }
        }

        // ----- lambdas (for the per-iteration capture check) -----

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => InLambda(() => base.VisitParenthesizedLambdaExpression(node));

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => InLambda(() => base.VisitSimpleLambdaExpression(node));

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => InLambda(() => base.VisitAnonymousMethodExpression(node));

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            _localFunctionDepth++;
            try
            {
                return base.VisitLocalFunctionStatement(node);
            }
            finally
            {
                _localFunctionDepth--;
            }
        }

        private SyntaxNode? InLambda(System.Func<SyntaxNode?> visit)
        {
            _lambdaDepth++;
            try
            {
                return visit();
            }
            finally
            {
                _lambdaDepth--;
            }
        }
    }
}
