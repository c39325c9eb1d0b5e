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

        /// <summary>
        /// Inside a local function declared directly in a flattened block: the parameters through which
        /// it receives the boxes of the per-iteration variables it reaches. Null elsewhere.
        /// </summary>
        private Dictionary<ISymbol, string>? _functionBoxParameters;

        public BodyRewriter(BodyLowerer lowerer) => _lowerer = lowerer;

        private SemanticModel Model => _lowerer.Model;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (!_lowerer.MayNeedRewriting(node.Identifier.ValueText))
            {
                return base.VisitIdentifierName(node); // neither a hoisted variable nor a local function
            }
            ISymbol? symbol = Model.GetSymbolInfo(node, _lowerer.CancellationToken).Symbol;
            if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
            {
                SimpleNameSyntax renamed = Renamed(node, function);
                return LocalFunctionReference(node, renamed, function) ?? renamed;
            }
            if (symbol is null || !_lowerer.TryGetHoisted(symbol, out HoistedVariable? hoisted))
            {
                return base.VisitIdentifierName(node);
            }
            if (hoisted!.Boxed)
            {
                return SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(BoxOf(symbol, node, capture: false)),
                        SyntaxFactory.IdentifierName("Value"))
                    .WithTriviaFrom(node);
            }
            if (hoisted.Cached && !InNameOf(node))
            {
                // Kept in a local of the body method while it runs (nameof keeps the field: its name).
                return SyntaxFactory.IdentifierName(hoisted.LocalName).WithTriviaFrom(node);
            }
            return FieldAccess(hoisted.FieldName).WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
        {
            if (_lowerer.MayNeedRewriting(node.Identifier.ValueText)
                && Model.GetSymbolInfo(node, _lowerer.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
            {
                var visited = (GenericNameSyntax)base.VisitGenericName(node)!;
                SimpleNameSyntax renamed = Renamed(visited, function);
                return LocalFunctionReference(node, renamed, function) ?? renamed;
            }
            return base.VisitGenericName(node);
        }

        /// <summary><paramref name="name"/> with the name its local function is emitted under.</summary>
        private SimpleNameSyntax Renamed(SimpleNameSyntax name, IMethodSymbol function) =>
            _lowerer.TryGetFunctionName(function, out string? newName)
                ? name.WithIdentifier(SyntaxFactory.Identifier(newName!).WithTriviaFrom(name.Identifier))
                : name;

        /// <summary>
        /// The expression that reaches the box of the boxed per-iteration variable <paramref name="variable"/>
        /// from the code being rewritten: inside a flat local function, the parameter it receives the box
        /// through; inside a closure (or for a delegate being created), a local holding the box of the
        /// current iteration, declared by the lowerer in a block around the emitted code; in plain code,
        /// the field (which holds the current iteration's box).
        /// </summary>
        private string BoxOf(ISymbol variable, SyntaxNode where, bool capture)
        {
            if (_functionBoxParameters != null)
            {
                if (_functionBoxParameters.TryGetValue(variable, out string? parameter))
                {
                    return parameter;
                }
                // Not expected: the analysis gives a flat local function every box it reaches.
                _lowerer.ReportUnsupported(where, "the use of '" + variable.Name + "' in this local function");
            }
            if (capture || _lambdaDepth > 0 || _localFunctionDepth > 0)
            {
                return _lowerer.BoxLocal(variable);
            }
            _lowerer.TryGetHoisted(variable, out HoistedVariable? hoisted);
            return "__m." + hoisted!.FieldName;
        }

        /// <summary>The boxes a flat local function receives, or null when it receives none.</summary>
        private List<ISymbol>? BoxesOf(IMethodSymbol function) =>
            _lowerer.TryGetFunctionBoxes(function, out List<ISymbol>? boxes) && boxes!.Count > 0 ? boxes : null;

        /// <summary>
        /// A reference to a local function that receives boxes, other than the callee of an invocation
        /// (handled by <see cref="VisitInvocationExpression"/>): a method group converted to a delegate
        /// becomes a lambda that passes the boxes of the current iteration, so the delegate keeps them
        /// as a delegate of the original local function keeps its variables. Null when nothing changes.
        /// </summary>
        private ExpressionSyntax? LocalFunctionReference(SimpleNameSyntax node, SimpleNameSyntax emittedName, IMethodSymbol function)
        {
            List<ISymbol>? boxes = BoxesOf(function);
            if (boxes is null || (node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node) || InNameOf(node))
            {
                return null;
            }
            IMethodSymbol? invoke = (Model.GetTypeInfo(node, _lowerer.CancellationToken).ConvertedType as INamedTypeSymbol)?.DelegateInvokeMethod;
            IMethodSymbol signature = invoke ?? function;
            var parameters = new List<string>();
            var arguments = new List<string>();
            foreach (ISymbol variable in boxes)
            {
                arguments.Add(BoxOf(variable, node, capture: true));
            }
            foreach (IParameterSymbol parameter in signature.Parameters)
            {
                string name = "__p" + parameter.Ordinal;
                string modifier;
                string passing;
                switch (parameter.RefKind)
                {
                    case RefKind.Ref:
                        modifier = passing = "ref ";
                        break;
                    case RefKind.Out:
                        modifier = passing = "out ";
                        break;
                    case RefKind.In:
                        modifier = passing = "in ";
                        break;
                    case RefKind.RefReadOnlyParameter:
                        modifier = "ref readonly ";
                        passing = "in ";
                        break;
                    default:
                        modifier = passing = "";
                        break;
                }
                parameters.Add(modifier + BodyLowerer.Display(parameter.Type) + " " + name);
                arguments.Add(passing + name);
            }
            if (signature.ReturnsByRef || signature.ReturnsByRefReadonly)
            {
                _lowerer.ReportUnsupported(node, "a delegate made from the ref-returning local function '" + function.Name + "', which uses per-iteration variables");
                return null;
            }
            string text = "((" + string.Join(", ", parameters) + ") => " + emittedName.WithoutTrivia().ToString() + "(" + string.Join(", ", arguments) + "))";
            return SyntaxFactory.ParseExpression(text).WithTriviaFrom(node);
        }

        private bool InNameOf(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && !(n is StatementSyntax); n = n.Parent)
            {
                if (n is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } call
                    && Model.GetSymbolInfo(call, _lowerer.CancellationToken).Symbol is null)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>A call of a local function that receives boxes passes them first.</summary>
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }
                && node.ArgumentList.Arguments.Count == 1
                && node.ArgumentList.Arguments[0].Expression is SimpleNameSyntax named
                && Model.GetSymbolInfo(node, _lowerer.CancellationToken).Symbol is null
                && Model.GetSymbolInfo(named, _lowerer.CancellationToken).CandidateSymbols.Concat(new[] { Model.GetSymbolInfo(named, _lowerer.CancellationToken).Symbol })
                    .OfType<IMethodSymbol>().Any(f => f.MethodKind == MethodKind.LocalFunction && _lowerer.TryGetFunctionName(f, out _)))
            {
                // nameof a renamed local function: its name as written.
                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(named.Identifier.ValueText)).WithTriviaFrom(node);
            }
            if (!(node.Expression is SimpleNameSyntax callee)
                || !_lowerer.MayNeedRewriting(callee.Identifier.ValueText)
                || !(Model.GetSymbolInfo(node, _lowerer.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
                || !(BoxesOf(function) is List<ISymbol> boxes))
            {
                return base.VisitInvocationExpression(node);
            }
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            var arguments = new List<string>();
            foreach (ISymbol variable in boxes)
            {
                arguments.Add(BoxOf(variable, node, capture: false));
            }
            foreach (ArgumentSyntax argument in visited.ArgumentList.Arguments)
            {
                arguments.Add(argument.ToFullString().Trim());
            }
            return visited.WithArgumentList(
                SyntaxFactory.ParseArgumentList("(" + string.Join(", ", arguments) + ")").WithTriviaFrom(visited.ArgumentList));
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
                    assignments.Add("__m.Hoist(out " + hoisted!.Access + ", " + temp + ")");
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
                        return SyntaxFactory.ParseExpression(hoisted!.Access);
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

        /// <summary>
        /// <c>yield break</c> in copied code ends the body: a plain <c>return</c> (finally blocks run, the
        /// machine then completes). One inside a local iterator function belongs to that function.
        /// </summary>
        public override SyntaxNode? VisitYieldStatement(YieldStatementSyntax node)
        {
            if (node.IsKind(SyntaxKind.YieldBreakStatement) && _localFunctionDepth == 0 && _lambdaDepth == 0)
            {
                return SyntaxFactory.ParseStatement("return;").WithTriviaFrom(node);
            }
            return base.VisitYieldStatement(node);
        }

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
            Dictionary<ISymbol, string>? outer = _functionBoxParameters;
            List<ISymbol>? boxes = null;
            if (Model.GetDeclaredSymbol(node, _lowerer.CancellationToken) is IMethodSymbol function
                && _lowerer.TryGetFunctionBoxes(function, out boxes))
            {
                // Declared directly in a flattened block: reaches per-iteration variables only through
                // the box parameters (none when it uses none).
                _functionBoxParameters = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
                foreach (ISymbol variable in boxes!)
                {
                    _functionBoxParameters.Add(variable, _lowerer.BoxParameterName(variable));
                }
            }
            _localFunctionDepth++;
            try
            {
                var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
                if (Model.GetDeclaredSymbol(node, _lowerer.CancellationToken) is IMethodSymbol declared
                    && _lowerer.TryGetFunctionName(declared, out string? newName))
                {
                    visited = visited.WithIdentifier(SyntaxFactory.Identifier(newName!).WithTriviaFrom(visited.Identifier));
                }
                if (boxes is null || boxes.Count == 0)
                {
                    return visited;
                }
                var parameters = new List<string>();
                foreach (ISymbol variable in boxes)
                {
                    _lowerer.TryGetHoisted(variable, out HoistedVariable? hoisted);
                    parameters.Add("global::System.Runtime.CompilerServices.StrongBox<" + hoisted!.Type + "> " + _functionBoxParameters![variable]);
                }
                foreach (ParameterSyntax parameter in visited.ParameterList.Parameters)
                {
                    parameters.Add(parameter.ToFullString().Trim());
                }
                return visited.WithParameterList(
                    SyntaxFactory.ParseParameterList("(" + string.Join(", ", parameters) + ")").WithTriviaFrom(visited.ParameterList));
            }
            finally
            {
                _localFunctionDepth--;
                _functionBoxParameters = outer;
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
