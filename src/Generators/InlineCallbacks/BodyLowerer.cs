using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Generators.InlineCallbacks.Model;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Lowers the body of an [InlineCallbacks] iterator into the body of a resumable method: statements that
    /// contain a <c>yield</c> become flat code with labels and gotos (so that execution can jump back to any
    /// resume point), statements without one are copied (rewritten by <see cref="BodyRewriter"/>), and each
    /// <c>yield return d</c> becomes "wait for d, or go on at once if it has fired". try/finally keeps real
    /// C# try/finally blocks, re-entered through a dispatch switch at their top, whose finally bodies are
    /// skipped while the method is only suspending.
    /// </summary>
    internal sealed class BodyLowerer
    {
        /// <summary>Members of the support base class: hoisted fields must not hide them.</summary>
        private static readonly string[] ReservedNames =
        {
            "State", "Await", "Resume", "Fail", "Hoist", "DisposeValue", "Completion", "ReturnValue", "Start", "MoveNext",
            "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
        };

        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private readonly IMethodSymbol _method;
        private readonly BlockSyntax _body;
        private readonly string _filePath;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly CodeBuilder _code = new CodeBuilder();
        private readonly Dictionary<ISymbol, HoistedVariable> _hoisted = new Dictionary<ISymbol, HoistedVariable>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILabelSymbol, string> _labels = new Dictionary<ILabelSymbol, string>(SymbolEqualityComparer.Default);
        private readonly List<FieldModel> _fields = new List<FieldModel>();
        private readonly HashSet<string> _fieldNames = new HashSet<string>(ReservedNames, StringComparer.Ordinal);
        private readonly HashSet<SyntaxNode> _yieldContainers = new HashSet<SyntaxNode>();
        private readonly Dictionary<int, ImmutableArray<int>> _states = new Dictionary<int, ImmutableArray<int>>();
        private readonly Dictionary<int, CodeBuilder.DispatchSlot> _tryDispatch = new Dictionary<int, CodeBuilder.DispatchSlot>();
        private readonly List<int> _tryPath = new List<int>();
        private readonly Stack<JumpTargets> _jumps = new Stack<JumpTargets>();
        private readonly Stack<LoweredSwitch> _switches = new Stack<LoweredSwitch>();
        private readonly BodyRewriter _rewriter;

        /// <summary>"checked" or "unchecked" inside such a block that contains a yield; null elsewhere.</summary>
        private string? _overflowContext;
        private int _stateCount;
        private int _tryCount;
        private int _labelCount;
        private int _temporaryCount;

        public BodyLowerer(SemanticModel model, IMethodSymbol method, BlockSyntax body, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            Model = model;
            _method = method;
            _body = body;
            _filePath = body.SyntaxTree.FilePath;
            _diagnostics = diagnostics;
            CancellationToken = cancellationToken;
            _rewriter = new BodyRewriter(this);
        }

        public SemanticModel Model { get; }

        public CancellationToken CancellationToken { get; }

        public JumpTargets? CurrentJumps => _jumps.Count > 0 ? _jumps.Peek() : null;

        public LoweredSwitch? CurrentSwitch => _switches.Count > 0 ? _switches.Peek() : null;

        /// <summary>The type given to InlineCallbacks.Return, or null when the body returns no value.</summary>
        public ITypeSymbol? ResultType { get; private set; }

        public IReadOnlyList<FieldModel> Fields => _fields;

        public int StateCount => _stateCount;

        public IReadOnlyList<ParameterModel> Parameters { get; private set; } = Array.Empty<ParameterModel>();

        public bool TryGetHoisted(ISymbol symbol, out HoistedVariable? hoisted) => _hoisted.TryGetValue(symbol, out hoisted);

        /// <summary>
        /// Whether a simple name spelled <paramref name="name"/> may refer to a hoisted variable or to a
        /// local function of the body: false means the rewriter can leave it as written without asking
        /// the semantic model what it binds to (most names in a body are members, types and locals that
        /// stay locals). Only valid once <see cref="Analyze"/> has hoisted the variables.
        /// </summary>
        public bool MayNeedRewriting(string name)
        {
            if (_namesToRewrite is null)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (ISymbol variable in _hoisted.Keys)
                {
                    names.Add(variable.Name);
                }
                foreach (SyntaxNode node in _body.DescendantNodes())
                {
                    if (node is LocalFunctionStatementSyntax function)
                    {
                        names.Add(function.Identifier.ValueText);
                    }
                }
                _namesToRewrite = names;
            }
            return _namesToRewrite.Contains(name);
        }

        private HashSet<string>? _namesToRewrite;

        public bool TryGetLabel(ILabelSymbol label, out string? name) => _labels.TryGetValue(label, out name);

        public string NewTemporaryName(string hint) => "__" + hint + "_" + (++_temporaryCount);

        private string MethodName => _method.Name;

        public static string Display(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

        public static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.VarKeyword
                ? "@" + name
                : name;

        // ---------------------------------------------------------------- analysis

        /// <summary>
        /// Finds what must be known before rewriting: which statements contain a yield, the result type,
        /// the hoisted variables. Returns false when the method cannot be lowered (diagnostics say why).
        /// </summary>
        public bool Analyze()
        {
            int errorsBefore = CountErrors();
            // Only a 'yield return' suspends: the statements around one are flattened. A 'yield break'
            // is a plain 'return' (allowed inside try/catch, as C# allows it), copied with its statement.
            // The body itself is always flattened (a body with only 'yield break' too), so its own
            // locals are hoisted and its using declarations lowered as in any other body.
            _yieldContainers.Add(_body);
            foreach (YieldStatementSyntax yield in YieldsOf(_body).Where(y => y.IsKind(SyntaxKind.YieldReturnStatement)))
            {
                for (SyntaxNode? node = yield; node != null; node = node.Parent)
                {
                    _yieldContainers.Add(node);
                    if (node == _body)
                    {
                        break;
                    }
                }
            }
            AnalyzeReturns();
            RegisterLabels();
            HoistParameters();
            HoistLocals();
            AnalyzeLocalFunctions();
            ChooseCachedVariables();
            return CountErrors() == errorsBefore;
        }

        private int CountErrors() => _diagnostics.Count(d => InlineCallbacksDiagnostics.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);

        /// <summary>The yield statements of the body itself (not of local functions declared in it).</summary>
        public static IEnumerable<YieldStatementSyntax> YieldsOf(SyntaxNode body) =>
            body.DescendantNodes(n => !(n is LocalFunctionStatementSyntax) && !(n is AnonymousFunctionExpressionSyntax))
                .OfType<YieldStatementSyntax>();

        private void AnalyzeReturns()
        {
            foreach (InvocationExpressionSyntax invocation in _body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (!IsReturnCall(invocation, out ITypeSymbol? type))
                {
                    continue;
                }
                SyntaxNode? parent = invocation.Parent;
                while (parent is ParenthesizedExpressionSyntax)
                {
                    parent = parent.Parent;
                }
                if (!(parent is YieldStatementSyntax yield) || !yield.IsKind(SyntaxKind.YieldReturnStatement)
                    || InsideNestedFunction(yield))
                {
                    Report(InlineCallbacksDiagnostics.ReturnOutsideYield, invocation, MethodName);
                    continue;
                }
                if (ResultType is null)
                {
                    ResultType = type;
                }
                else if (!SameResultType(ResultType, type!))
                {
                    Report(InlineCallbacksDiagnostics.InconsistentReturnTypes, invocation, MethodName, Display(ResultType), Display(type!));
                }
            }
            if (ResultType != null && (ResultType.IsRefLikeType || ContainsAnonymousType(ResultType)))
            {
                ReportUnsupported(_body, "the returned value's type '" + ResultType.ToDisplayString() + "' cannot be a type argument of Deferred<T>");
            }
        }

        /// <summary>
        /// Whether two Return types are the same type: tuple element names are not part of a type's
        /// identity (<c>(int p, string)</c> and <c>(int, string)</c> are one type; the first Return's
        /// names are kept), nullability annotations are.
        /// </summary>
        private bool SameResultType(ITypeSymbol first, ITypeSymbol other)
        {
            if (SymbolEqualityComparer.IncludeNullability.Equals(first, other))
            {
                return true;
            }
            return SymbolEqualityComparer.Default.Equals(WithoutTupleNames(first), WithoutTupleNames(other))
                && Display(WithoutTupleNames(first)) == Display(WithoutTupleNames(other));
        }

        /// <summary>The type with every tuple's element names removed, at any depth (nullability kept).</summary>
        private ITypeSymbol WithoutTupleNames(ITypeSymbol type)
        {
            switch (type)
            {
                case INamedTypeSymbol named when named.IsTupleType:
                    ImmutableArray<ITypeSymbol> elements = named.TupleElements.Select(e => WithoutTupleNames(e.Type)).ToImmutableArray();
                    ImmutableArray<NullableAnnotation> annotations = named.TupleElements.Select(e => e.Type.NullableAnnotation).ToImmutableArray();
                    return Model.Compilation.CreateTupleTypeSymbol(elements, default, default, annotations).WithNullableAnnotation(named.NullableAnnotation);
                case INamedTypeSymbol named when named.IsGenericType:
                    ITypeSymbol[] arguments = named.TypeArguments.Select(WithoutTupleNames).ToArray();
                    return named.OriginalDefinition.Construct(arguments.ToImmutableArray(), named.TypeArgumentNullableAnnotations).WithNullableAnnotation(named.NullableAnnotation);
                case IArrayTypeSymbol array:
                    return Model.Compilation.CreateArrayTypeSymbol(WithoutTupleNames(array.ElementType), array.Rank, array.ElementNullableAnnotation).WithNullableAnnotation(array.NullableAnnotation);
                default:
                    return type;
            }
        }

        /// <summary>Whether <paramref name="invocation"/> calls <c>Torsion.InlineCallbacks.Return&lt;T&gt;</c>.</summary>
        public bool IsReturnCall(InvocationExpressionSyntax invocation, out ITypeSymbol? type)
        {
            type = null;
            if (Model.GetSymbolInfo(invocation, CancellationToken).Symbol is IMethodSymbol called
                && called.Name == "Return"
                && called.IsGenericMethod
                && called.ContainingType is { Name: "InlineCallbacks", ContainingType: null } container
                && container.ContainingNamespace is { Name: "Torsion" } ns
                && ns.ContainingNamespace.IsGlobalNamespace)
            {
                type = called.TypeArguments[0];
                return true;
            }
            return false;
        }

        private bool InsideNestedFunction(SyntaxNode node)
        {
            for (SyntaxNode? n = node.Parent; n != null && n != _body; n = n.Parent)
            {
                if (n is AnonymousFunctionExpressionSyntax || n is LocalFunctionStatementSyntax)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Names the labels of statements that will be flattened before lowering starts, so that a
        /// <c>goto</c> that comes before its label finds it.
        /// </summary>
        private void RegisterLabels()
        {
            foreach (LabeledStatementSyntax labeled in _body.DescendantNodes().OfType<LabeledStatementSyntax>())
            {
                if (!InsideNestedFunction(labeled) && IsFlattened(labeled)
                    && Model.GetDeclaredSymbol(labeled, CancellationToken) is ILabelSymbol label)
                {
                    _labels[label] = NewLabel("label_" + labeled.Identifier.ValueText + "_");
                }
            }
        }

        private bool IsFlattened(StatementSyntax statement)
        {
            switch (statement.Parent)
            {
                case BlockSyntax block:
                    return _yieldContainers.Contains(block);
                case SwitchSectionSyntax section:
                    return section.Parent != null && _yieldContainers.Contains(section.Parent);
                case LabeledStatementSyntax outer:
                    return IsFlattened(outer);
                default:
                    return false;
            }
        }

        private void HoistParameters()
        {
            var parameters = new List<ParameterModel>();
            foreach (IParameterSymbol parameter in _method.Parameters)
            {
                string field = ReserveFieldName(parameter.Name);
                _hoisted[parameter] = new HoistedVariable(field, perIteration: false);
                _hoistOrder.Add(parameter);
                parameters.Add(new ParameterModel(
                    ParameterDeclaration(parameter),
                    EscapeIdentifier(parameter.Name),
                    Display(parameter.Type),
                    field));
                if (parameter.Type.IsRefLikeType)
                {
                    ReportUnsupported(_body, "parameter '" + parameter.Name + "' has a ref struct type and cannot be kept across a yield");
                }
            }
            Parameters = parameters;
        }

        private static string ParameterDeclaration(IParameterSymbol parameter)
        {
            string text = "";
            if (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax syntax)
            {
                foreach (AttributeListSyntax list in syntax.AttributeLists)
                {
                    text += list.ToString() + " ";
                }
            }
            if (parameter.IsParams)
            {
                text += "params ";
            }
            if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
            {
                text += "this ";
            }
            text += Display(parameter.Type) + " " + EscapeIdentifier(parameter.Name);
            if (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax withDefault && withDefault.Default != null)
            {
                text += " " + withDefault.Default.ToString();
            }
            return text;
        }

        private void HoistLocals()
        {
            foreach (SyntaxNode node in _body.DescendantNodes())
            {
                CancellationToken.ThrowIfCancellationRequested();
                SyntaxNode declaration;
                switch (node)
                {
                    case VariableDeclaratorSyntax _:
                    case SingleVariableDesignationSyntax _:
                    case ForEachStatementSyntax _:
                        declaration = node;
                        break;
                    default:
                        continue;
                }
                if (!(Model.GetDeclaredSymbol(declaration, CancellationToken) is ILocalSymbol local) || local.IsConst)
                {
                    continue;
                }
                if (!IsHoisted(declaration, out bool perIteration, out SyntaxNode? scope))
                {
                    continue;
                }
                SyntaxNode where = declaration is ForEachStatementSyntax forEach ? forEach.Expression : declaration;
                if (local.IsRef)
                {
                    ReportUnsupported(where, "ref local '" + local.Name + "' is declared in a block that yields; declare it in a block without 'yield'");
                    continue;
                }
                if (local.Type.IsRefLikeType)
                {
                    ReportUnsupported(where, "'" + local.Name + "' has the ref struct type '" + local.Type.ToDisplayString() + "' and is declared in a block that yields; declare it in a block without 'yield'");
                    continue;
                }
                if (local.Type is IPointerTypeSymbol || local.Type is IFunctionPointerTypeSymbol)
                {
                    ReportUnsupported(where, "pointer '" + local.Name + "' (unsafe code) is declared in a block that yields; declare it in a block without 'yield'");
                    continue;
                }
                if (ContainsAnonymousType(local.Type))
                {
                    ReportUnsupported(where, "'" + local.Name + "' has an anonymous type and lives across a yield; use a tuple or a named type");
                    continue;
                }
                if (local.Type.TypeKind == TypeKind.Error)
                {
                    continue;
                }
                if (node.Parent?.Parent is FixedStatementSyntax)
                {
                    ReportUnsupported(where, "'fixed' across a yield");
                    continue;
                }
                string field = ReserveFieldName(local.Name);
                bool boxed = perIteration && CapturedByClosure(local);
                string type = Display(local.Type);
                _hoisted[local] = new HoistedVariable(field, perIteration, boxed, type);
                _hoistOrder.Add(local);
                _fields.Add(new FieldModel(
                    boxed ? "global::System.Runtime.CompilerServices.StrongBox<" + type + ">" : type,
                    field,
                    "local '" + local.Name + "' (line " + LineOf(where) + ")" + (boxed ? ", one box per iteration: closures capture it" : "")));
                if (boxed && scope != null && !(scope is CommonForEachStatementSyntax))
                {
                    // A foreach creates the boxes of its own variables with each element; any other scope
                    // creates them each time it is entered (once per iteration of the loop around it).
                    if (!_scopeBoxes.TryGetValue(scope, out List<ISymbol>? boxes))
                    {
                        boxes = new List<ISymbol>();
                        _scopeBoxes.Add(scope, boxes);
                    }
                    boxes.Add(local);
                }
            }
        }

        /// <summary>The hoisted variables in the order they were hoisted (parameters, then locals as written).</summary>
        private readonly List<ISymbol> _hoistOrder = new List<ISymbol>();

        /// <summary>The hoisted variables the body method keeps in locals, in <see cref="_hoistOrder"/>'s order.</summary>
        private readonly List<HoistedVariable> _cached = new List<HoistedVariable>();

        /// <summary>
        /// Decides which hoisted variables the body method keeps in ordinary locals while it runs
        /// (<see cref="HoistedVariable.Cached"/>). The local is loaded from the field on entry and stored
        /// back only where the method returns to wait, so a variable qualifies only when nothing but the
        /// body method's own statements can read or write it while the method runs, and nothing reads the
        /// field once the body has ended. Not cached:
        /// - a boxed variable (closures reach its box);
        /// - a variable used inside a lambda, anonymous method, local function or query expression
        ///   (their code reads the field through <c>__m</c>, possibly after a later resume);
        /// - a variable whose address is taken (<c>&amp;x</c>: a pointer may outlive a call of the method);
        /// - a resource of a using declaration or statement (disposed in place through its field).
        /// A variable passed by <c>ref</c> or <c>out</c> to a call, or aliased by a ref local, stays cached:
        /// ref locals and ref structs cannot live across a yield, so such a reference ends before the
        /// method returns.
        /// </summary>
        private void ChooseCachedVariables()
        {
            var excluded = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (ISymbol variable in _hoistOrder)
            {
                names.Add(variable.Name);
            }
            foreach (IdentifierNameSyntax name in _body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                CancellationToken.ThrowIfCancellationRequested();
                if (!names.Contains(name.Identifier.ValueText))
                {
                    continue;
                }
                bool escapes = name.Parent is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.AddressOfExpression);
                for (SyntaxNode? node = name.Parent; !escapes && node != null && node != _body; node = node.Parent)
                {
                    escapes = node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is QueryExpressionSyntax;
                }
                if (escapes && Model.GetSymbolInfo(name, CancellationToken).Symbol is ISymbol symbol)
                {
                    excluded.Add(symbol);
                }
            }
            foreach (VariableDeclarationSyntax declaration in _body.DescendantNodes().OfType<VariableDeclarationSyntax>())
            {
                if (declaration.Parent is UsingStatementSyntax
                    || (declaration.Parent is LocalDeclarationStatementSyntax statement && statement.UsingKeyword != default))
                {
                    foreach (VariableDeclaratorSyntax declarator in declaration.Variables)
                    {
                        if (Model.GetDeclaredSymbol(declarator, CancellationToken) is ISymbol resource)
                        {
                            excluded.Add(resource);
                        }
                    }
                }
            }
            foreach (ISymbol variable in _hoistOrder)
            {
                HoistedVariable hoisted = _hoisted[variable];
                if (!hoisted.Boxed && !excluded.Contains(variable))
                {
                    hoisted.Cached = true;
                    _cached.Add(hoisted);
                }
            }
        }

        private bool? _bodyHasGoto;

        /// <summary>Whether the body (not counting nested functions) contains a goto of any kind.</summary>
        private bool BodyHasGoto => _bodyHasGoto ??= _body
            .DescendantNodes(n => !(n is LocalFunctionStatementSyntax) && !(n is AnonymousFunctionExpressionSyntax))
            .OfType<GotoStatementSyntax>()
            .Any();

        /// <summary>Boxed per-iteration variables by the scope that creates their boxes when it is entered.</summary>
        private readonly Dictionary<SyntaxNode, List<ISymbol>> _scopeBoxes = new Dictionary<SyntaxNode, List<ISymbol>>();

        /// <summary>Whether a lambda, anonymous method or local function in the body refers to <paramref name="local"/>.</summary>
        private bool CapturedByClosure(ILocalSymbol local)
        {
            foreach (IdentifierNameSyntax name in _body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText == local.Name
                    && name.Ancestors().TakeWhile(a => a != _body).Any(a => a is AnonymousFunctionExpressionSyntax || a is LocalFunctionStatementSyntax)
                    && SymbolEqualityComparer.Default.Equals(Model.GetSymbolInfo(name, CancellationToken).Symbol, local))
                {
                    return true;
                }
            }
            return false;
        }

        // ----- local functions declared directly in a flattened block -----

        /// <summary>
        /// For each local function declared directly in a flattened block (so its declaration and its
        /// calls are emitted as separate statements of the body method): the boxed per-iteration
        /// variables it reaches, itself or through the local functions it uses. It receives their boxes
        /// as leading parameters, so a call, and a delegate made from it, see the variables of the
        /// iteration the call or the delegate belongs to.
        /// </summary>
        private readonly Dictionary<IMethodSymbol, List<ISymbol>> _functionBoxes = new Dictionary<IMethodSymbol, List<ISymbol>>(SymbolEqualityComparer.Default);

        public bool TryGetFunctionBoxes(IMethodSymbol function, out List<ISymbol>? boxes) => _functionBoxes.TryGetValue(function.OriginalDefinition, out boxes);

        /// <summary>The parameter through which a flat local function receives <paramref name="variable"/>'s box.</summary>
        public string BoxParameterName(ISymbol variable) => "__box_" + _hoisted[variable].FieldName.TrimStart('@');

        private void AnalyzeLocalFunctions()
        {
            var uses = new Dictionary<IMethodSymbol, HashSet<IMethodSymbol>>(SymbolEqualityComparer.Default);
            var reached = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
            foreach (LocalFunctionStatementSyntax function in _body.DescendantNodes().OfType<LocalFunctionStatementSyntax>())
            {
                if (!IsFlattened(function) || !(Model.GetDeclaredSymbol(function, CancellationToken) is IMethodSymbol symbol))
                {
                    continue;
                }
                uses[symbol] = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                reached[symbol] = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            }
            foreach (KeyValuePair<IMethodSymbol, HashSet<IMethodSymbol>> entry in uses)
            {
                var syntax = (LocalFunctionStatementSyntax)entry.Key.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken);
                foreach (SimpleNameSyntax name in syntax.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    ISymbol? used = Model.GetSymbolInfo(name, CancellationToken).Symbol;
                    if (used is IMethodSymbol method && uses.ContainsKey(method.OriginalDefinition))
                    {
                        entry.Value.Add(method.OriginalDefinition);
                    }
                    else if (used != null && _hoisted.TryGetValue(used, out HoistedVariable? hoisted) && hoisted.Boxed)
                    {
                        reached[entry.Key].Add(used);
                    }
                }
            }
            for (bool changed = true; changed;)
            {
                changed = false;
                foreach (KeyValuePair<IMethodSymbol, HashSet<IMethodSymbol>> entry in uses)
                {
                    foreach (IMethodSymbol callee in entry.Value)
                    {
                        foreach (ISymbol variable in reached[callee])
                        {
                            changed |= reached[entry.Key].Add(variable);
                        }
                    }
                }
            }
            foreach (KeyValuePair<IMethodSymbol, HashSet<ISymbol>> entry in reached)
            {
                _functionBoxes[entry.Key] = entry.Value
                    .OrderBy(v => v.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                    .ToList();
            }
            // Flat local functions of different blocks all land in the body method's flat blocks: give
            // the second and later ones of a name a name of their own.
            foreach (IGrouping<string, IMethodSymbol> sameName in uses.Keys
                         .OrderBy(f => f.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                         .GroupBy(f => f.Name))
            {
                int index = 1;
                foreach (IMethodSymbol function in sameName.Skip(1))
                {
                    _functionNames[function] = "__" + function.Name + "_" + (++index);
                }
            }
        }

        private readonly Dictionary<IMethodSymbol, string> _functionNames = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);

        /// <summary>The name a flat local function is emitted under, when it had to be renamed (see <see cref="AnalyzeLocalFunctions"/>).</summary>
        public bool TryGetFunctionName(IMethodSymbol function, out string? name) => _functionNames.TryGetValue(function.OriginalDefinition, out name);

        /// <summary>Creates fresh boxes for the boxed variables whose scope <paramref name="scope"/> is, as it is entered.</summary>
        private void EmitScopeBoxes(SyntaxNode scope)
        {
            if (!_scopeBoxes.TryGetValue(scope, out List<ISymbol>? boxes))
            {
                return;
            }
            foreach (ISymbol variable in boxes)
            {
                EmitNewBox(variable);
            }
        }

        private void EmitNewBox(ISymbol variable)
        {
            HoistedVariable hoisted = _hoisted[variable];
            _code.Line("__m." + hoisted.FieldName + " = new global::System.Runtime.CompilerServices.StrongBox<" + hoisted.Type + ">(); // a fresh '" + variable.Name + "' for this iteration");
        }

        // ----- boxes of per-iteration variables captured by lambdas -----

        private readonly Dictionary<ISymbol, string> _pendingBoxes = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The local through which lambdas in the code being emitted reach <paramref name="symbol"/>'s box:
        /// declared (by <see cref="EmitMappedAt"/>) right before that code, so each lambda keeps the box of
        /// the iteration it was created in.
        /// </summary>
        public string BoxLocal(ISymbol symbol)
        {
            if (!_pendingBoxes.TryGetValue(symbol, out string? name))
            {
                name = NewTemporaryName("box_" + symbol.Name);
                _pendingBoxes.Add(symbol, name);
            }
            return name;
        }

        /// <summary>
        /// Opens a block declaring the box locals the code about to be emitted uses (if any). The block
        /// makes them fresh variables each time it runs: the body method's flat blocks are entered only
        /// once per call however many iterations run in it, so a local declared directly in them would
        /// be one variable shared by the closures of every iteration.
        /// </summary>
        private bool OpenBoxScope()
        {
            if (_pendingBoxes.Count == 0)
            {
                return false;
            }
            _code.Line("{");
            _code.PushIndent();
            foreach (KeyValuePair<ISymbol, string> box in _pendingBoxes)
            {
                _code.Line("var " + box.Value + " = __m." + _hoisted[box.Key].FieldName + "; // the box of this iteration, for the closures below");
            }
            _pendingBoxes.Clear();
            return true;
        }

        private void CloseBoxScope(bool opened)
        {
            if (opened)
            {
                _code.PopIndent();
                _code.Line("}");
            }
        }

        private static bool ContainsAnonymousType(ITypeSymbol type)
        {
            switch (type)
            {
                case INamedTypeSymbol named when named.IsAnonymousType:
                    return true;
                case INamedTypeSymbol named:
                    return named.TypeArguments.Any(ContainsAnonymousType);
                case IArrayTypeSymbol array:
                    return ContainsAnonymousType(array.ElementType);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether a local must live in a field: its C# scope contains a yield, so it is flattened into
        /// the resumable body. <paramref name="perIteration"/>: it is declared inside a loop's body.
        /// </summary>
        private bool IsHoisted(SyntaxNode declaration, out bool perIteration, out SyntaxNode? scope)
        {
            perIteration = false;
            scope = null;
            if (InsideNestedFunction(declaration))
            {
                return false;
            }
            for (SyntaxNode? n = declaration.Parent; n != null && n != _body; n = n.Parent)
            {
                if (n is SwitchExpressionArmSyntax || n is QueryExpressionSyntax || n is CatchClauseSyntax)
                {
                    return false;
                }
            }
            bool hoisted = false;
            SyntaxNode child = declaration;
            if (declaration is ForEachStatementSyntax ownForEach)
            {
                hoisted = _yieldContainers.Contains(ownForEach);
                perIteration = true;
                child = ownForEach;
                scope = ownForEach;
            }
            else
            {
                for (SyntaxNode? n = declaration.Parent; n != null; child = n, n = n.Parent)
                {
                    scope = ScopeOf(n, child);
                    if (scope != null)
                    {
                        hoisted = _yieldContainers.Contains(scope);
                        break;
                    }
                }
            }
            if (!hoisted)
            {
                return false;
            }
            // Declared inside the body of a loop (not in a for header), or by a deconstructing foreach:
            // one variable per iteration.
            for (SyntaxNode? n = child.Parent, c = child; n != null && n != _body; c = n, n = n.Parent)
            {
                if ((n is WhileStatementSyntax w && w.Statement == c)
                    || (n is DoStatementSyntax d && d.Statement == c)
                    || (n is ForStatementSyntax f && f.Statement == c)
                    || (n is CommonForEachStatementSyntax fe && fe.Statement == c)
                    || (n is ForEachVariableStatementSyntax fv && fv.Variable == c))
                {
                    perIteration = true;
                }
                else if ((n is WhileStatementSyntax whileLoop && whileLoop.Condition == c)
                         || (n is ForStatementSyntax forLoop && forLoop.Condition == c)
                         || (n is DoStatementSyntax doLoop && doLoop.Condition == c))
                {
                    // Declared in a loop's condition: a new variable each time the condition is
                    // evaluated; its boxes are created there (see LowerWhile, LowerDo, LowerFor).
                    perIteration = true;
                    if (scope == n)
                    {
                        scope = c;
                    }
                }
            }
            // A goto can enter a scope again without a loop (jumping back before it): C# gives each
            // entry its own variables, so a scope other than the body's own is treated as an iteration.
            if (!perIteration && scope != null && scope != _body && BodyHasGoto)
            {
                perIteration = true;
            }
            return true;
        }

        /// <summary>The node whose extent is the scope of a variable declared under <paramref name="child"/>, or null to look further up.</summary>
        private static SyntaxNode? ScopeOf(SyntaxNode node, SyntaxNode child)
        {
            switch (node)
            {
                case BlockSyntax block:
                    return block;
                case SwitchSectionSyntax section:
                    return section.Parent;
                case WhileStatementSyntax w when w.Statement != child:
                    return w;
                case DoStatementSyntax d when d.Statement != child:
                    return d;
                case ForStatementSyntax f when f.Statement != child:
                    return f;
                case CommonForEachStatementSyntax fe when fe.Statement != child:
                    return fe;
                case UsingStatementSyntax u when u.Statement != child:
                    return u;
                case LockStatementSyntax l when l.Statement != child:
                    return l;
                case FixedStatementSyntax x when x.Statement != child:
                    return x;
                case StatementSyntax statement when !(statement.Parent is BlockSyntax)
                                                    && !(statement.Parent is SwitchSectionSyntax)
                                                    && !(statement.Parent is LabeledStatementSyntax)
                                                    && !(statement is LabeledStatementSyntax):
                    // An embedded statement (the body of an if, a loop, ...) is its own scope.
                    return statement;
                default:
                    return null;
            }
        }

        private string ReserveFieldName(string name)
        {
            string candidate = name;
            for (int i = 2; !_fieldNames.Add(candidate); i++)
            {
                candidate = name + "_" + i;
            }
            return EscapeIdentifier(candidate);
        }

        private string AddTemporaryField(string type, string hint, string comment)
        {
            string name = ReserveFieldName("__" + hint + (++_temporaryCount));
            _fields.Add(new FieldModel(type, name, comment));
            return name;
        }

        // ---------------------------------------------------------------- lowering

        /// <summary>Lowers the whole body; returns its lines (the top-level dispatch first).</summary>
        public List<string> Lower()
        {
            _code.PushIndent();
            if (_cached.Count > 0)
            {
                _code.Line("// The variables live in locals while this method runs; they are stored back in the machine");
                _code.Line("// only when it returns to wait (at " + SuspendLabel + " below).");
                foreach (HoistedVariable variable in _cached)
                {
                    _code.Line("var " + variable.LocalName + " = " + variable.Field + ";");
                }
            }
            CodeBuilder.DispatchSlot top = _code.ReserveDispatch(LineDirective(_body.OpenBraceToken.GetLocation()));
            LowerStatements(_body.Statements);
            _code.Line("// End of the body: the returned Deferred fires.");
            if (_cached.Count > 0 && _stateCount > 0)
            {
                _code.Line("return;");
                _code.Line("// Waiting for a Deferred: keep the variables in the machine until it resumes this method.");
                _code.Label(SuspendLabel);
                foreach (HoistedVariable variable in _cached)
                {
                    _code.Line(variable.Field + " = " + variable.LocalName + ";");
                }
                _code.Line("return;");
            }
            _code.PopIndent();
            WriteDispatches(top);
            return _code.ToLines();
        }

        private void WriteDispatches(CodeBuilder.DispatchSlot top)
        {
            top.Write(DispatchTargets(ImmutableArray<int>.Empty));
            foreach (KeyValuePair<int, CodeBuilder.DispatchSlot> region in _tryDispatch)
            {
                ImmutableArray<int> path = _regionPaths[region.Key];
                region.Value.Write(DispatchTargets(path));
            }
        }

        private readonly Dictionary<int, ImmutableArray<int>> _regionPaths = new Dictionary<int, ImmutableArray<int>>();

        private List<KeyValuePair<string, List<int>>> DispatchTargets(ImmutableArray<int> regionPath)
        {
            var targets = new List<KeyValuePair<string, List<int>>>();
            foreach (KeyValuePair<int, ImmutableArray<int>> state in _states.OrderBy(s => s.Key))
            {
                ImmutableArray<int> path = state.Value;
                if (path.Length <= regionPath.Length - 0 && path.Length < regionPath.Length)
                {
                    continue;
                }
                bool inside = true;
                for (int i = 0; i < regionPath.Length; i++)
                {
                    if (path[i] != regionPath[i])
                    {
                        inside = false;
                        break;
                    }
                }
                if (!inside)
                {
                    continue;
                }
                string target = path.Length == regionPath.Length ? StateLabel(state.Key) : TryLabel(path[regionPath.Length]);
                int index = targets.FindIndex(t => t.Key == target);
                if (index < 0)
                {
                    targets.Add(new KeyValuePair<string, List<int>>(target, new List<int> { state.Key }));
                }
                else
                {
                    targets[index].Value.Add(state.Key);
                }
            }
            return targets;
        }

        private static string StateLabel(int state) => "__state" + state;

        /// <summary>Where the body goes on after the yield of <paramref name="state"/>, whether it waited or not.</summary>
        private static string ReadyLabel(int state) => "__ready" + state;

        private static string TryLabel(int region) => "__try" + region;

        private string NewLabel(string kind) => "__" + kind + (++_labelCount);

        private void LowerStatements(SyntaxList<StatementSyntax> statements) => LowerStatements(statements, 0);

        /// <summary>
        /// Lowers <paramref name="statements"/> from <paramref name="start"/> on. A <c>using var x = ...;</c>
        /// disposes at the end of the block, so the rest of the block becomes its try, lowered the same
        /// way: each further <c>using</c> declaration nests one more try/finally inside it.
        /// </summary>
        private void LowerStatements(SyntaxList<StatementSyntax> statements, int start)
        {
            for (int i = start; i < statements.Count; i++)
            {
                StatementSyntax statement = statements[i];
                if (statement is LocalDeclarationStatementSyntax declaration && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    int next = i + 1;
                    LowerUsing(declaration.Declaration, null, declaration, () => LowerStatements(statements, next));
                    return;
                }
                LowerStatement(statement);
            }
        }

        private void LowerStatement(StatementSyntax statement)
        {
            CancellationToken.ThrowIfCancellationRequested();
            if (statement is LabeledStatementSyntax labeled)
            {
                if (Model.GetDeclaredSymbol(labeled, CancellationToken) is ILabelSymbol label && _labels.TryGetValue(label, out string? name))
                {
                    _code.Label(name);
                }
                else
                {
                    ReportUnsupported(labeled, "the label '" + labeled.Identifier.ValueText + "' here");
                }
                LowerStatement(labeled.Statement);
                return;
            }
            if (!_yieldContainers.Contains(statement))
            {
                EmitLeaf(statement);
                return;
            }
            EmitScopeBoxes(statement);
            switch (statement)
            {
                case BlockSyntax block:
                    LowerStatements(block.Statements);
                    break;
                case YieldStatementSyntax yield:
                    LowerYield(yield);
                    break;
                case IfStatementSyntax ifStatement:
                    LowerIf(ifStatement);
                    break;
                case WhileStatementSyntax whileStatement:
                    LowerWhile(whileStatement);
                    break;
                case DoStatementSyntax doStatement:
                    LowerDo(doStatement);
                    break;
                case ForStatementSyntax forStatement:
                    LowerFor(forStatement);
                    break;
                case ForEachStatementSyntax forEach:
                    LowerForEach(forEach, forEach.Expression);
                    break;
                case ForEachVariableStatementSyntax forEachVariable:
                    LowerForEach(forEachVariable, forEachVariable.Expression);
                    break;
                case SwitchStatementSyntax switchStatement:
                    LowerSwitch(switchStatement);
                    break;
                case TryStatementSyntax tryStatement:
                    LowerTry(tryStatement);
                    break;
                case UsingStatementSyntax usingStatement:
                    LowerUsing(usingStatement.Declaration, usingStatement.Expression, usingStatement, () => LowerStatement(usingStatement.Statement));
                    break;
                case LockStatementSyntax _:
                    ReportUnsupported(statement, "'yield' inside a lock statement (a lock must not be held while waiting)");
                    break;
                case CheckedStatementSyntax checkedStatement:
                    // The block is flattened like any other; each piece of user code copied from it is
                    // wrapped in its own checked/unchecked block, so arithmetic keeps its context.
                    string? outer = _overflowContext;
                    _overflowContext = checkedStatement.Keyword.ValueText;
                    LowerStatement(checkedStatement.Block);
                    _overflowContext = outer;
                    break;
                case UnsafeStatementSyntax _:
                case FixedStatementSyntax _:
                    ReportUnsupported(statement, "'yield' inside unsafe code");
                    break;
                default:
                    ReportUnsupported(statement, "'yield' inside a " + statement.Kind() + " statement");
                    break;
            }
        }

        // ----- leaves -----

        private void EmitLeaf(StatementSyntax statement)
        {
            if (statement is LocalDeclarationStatementSyntax declaration && !declaration.IsConst)
            {
                EmitHoistedDeclarators(declaration.Declaration);
                return;
            }
            if (statement is EmptyStatementSyntax)
            {
                return;
            }
            EmitMapped(statement, Rewrite(statement));
        }

        /// <summary><c>T x = e, y = f;</c> with hoisted x and y: <c>__m.x = e; __m.y = f;</c>.</summary>
        private void EmitHoistedDeclarators(VariableDeclarationSyntax declaration)
        {
            foreach (VariableDeclaratorSyntax declarator in declaration.Variables)
            {
                ISymbol? symbol = Model.GetDeclaredSymbol(declarator, CancellationToken);
                if (symbol is null || !_hoisted.TryGetValue(symbol, out HoistedVariable? hoisted))
                {
                    ReportUnsupported(declarator, "the declaration of '" + declarator.Identifier.ValueText + "' here");
                    continue;
                }
                if (declarator.Initializer is null)
                {
                    continue;
                }
                string value = Rewrite(declarator.Initializer.Value);
                if (declarator.Initializer.Value is InitializerExpressionSyntax && symbol is ILocalSymbol local)
                {
                    value = "new " + Display(local.Type) + " " + value;
                }
                EmitMapped(declarator, hoisted.Access + " = " + value + ";");
            }
        }

        // ----- yield -----

        private void LowerYield(YieldStatementSyntax yield)
        {
            if (yield.IsKind(SyntaxKind.YieldBreakStatement))
            {
                EmitMapped(yield, "return; // yield break");
                return;
            }
            ExpressionSyntax? expression = yield.Expression;
            if (expression is null)
            {
                ReportUnsupported(yield, "'yield return' without a value");
                return;
            }
            ExpressionSyntax unwrapped = expression;
            while (unwrapped is ParenthesizedExpressionSyntax parenthesized)
            {
                unwrapped = parenthesized.Expression;
            }
            if (unwrapped is InvocationExpressionSyntax invocation && IsReturnCall(invocation, out _))
            {
                if (invocation.ArgumentList.Arguments.Count != 1)
                {
                    ReportUnsupported(invocation, "InlineCallbacks.Return takes exactly one value");
                    return;
                }
                EmitMapped(yield, "__m.ReturnValue = " + Rewrite(invocation.ArgumentList.Arguments[0].Expression) + "; return; // InlineCallbacks.Return");
                return;
            }
            int state = ++_stateCount;
            _states[state] = _tryPath.ToImmutableArray();
            int line = LineOf(yield);
            _code.Line("// State " + state + ": wait for the Deferred yielded at line " + line + "; go on at once if it has already fired.");
            EmitMapped(yield, "if (__m.Await(" + Rewrite(expression) + ", " + state + ")) " + (_cached.Count > 0 ? "goto " + SuspendLabel + ";" : "return;"));
            _code.Line("goto " + ReadyLabel(state) + "; // it had its value: nothing to resume");
            _code.Label(StateLabel(state));
            EmitMapped(yield, "__m.Resume(); // back from waiting: raises its failure here");
            _code.Label(ReadyLabel(state));
        }

        // ----- branches -----

        private void LowerIf(IfStatementSyntax ifStatement)
        {
            string elseLabel = NewLabel("else");
            string endLabel = NewLabel("endif");
            EmitMappedAt(ifStatement.IfKeyword, "if (!(" + Rewrite(ifStatement.Condition) + ")) goto " + (ifStatement.Else != null ? elseLabel : endLabel) + ";");
            _code.PushIndent();
            LowerStatement(ifStatement.Statement);
            _code.PopIndent();
            if (ifStatement.Else != null)
            {
                _code.Line("goto " + endLabel + ";");
                _code.Label(elseLabel);
                _code.PushIndent();
                LowerStatement(ifStatement.Else.Statement);
                _code.PopIndent();
            }
            _code.Label(endLabel);
        }

        private void LowerSwitch(SwitchStatementSyntax switchStatement)
        {
            string breakLabel = NewLabel("switch_break");
            var lowered = new LoweredSwitch();
            var sectionLabels = new List<string>();
            foreach (SwitchSectionSyntax section in switchStatement.Sections)
            {
                string label = NewLabel("switch_section");
                sectionLabels.Add(label);
                foreach (SwitchLabelSyntax switchLabel in section.Labels)
                {
                    if (switchLabel is DefaultSwitchLabelSyntax)
                    {
                        lowered.DefaultLabel = label;
                    }
                    else if (switchLabel is CaseSwitchLabelSyntax caseLabel)
                    {
                        lowered.AddCase(Model.GetConstantValue(caseLabel.Value, CancellationToken), label);
                    }
                }
            }
            string governing = Rewrite(switchStatement.Expression);
            // The case table is rewritten before anything is emitted, so that the boxes its closures
            // use (if any) are declared in one block around the whole switch.
            var table = new List<string>();
            for (int i = 0; i < switchStatement.Sections.Count; i++)
            {
                foreach (SwitchLabelSyntax switchLabel in switchStatement.Sections[i].Labels)
                {
                    switch (switchLabel)
                    {
                        case DefaultSwitchLabelSyntax _:
                            table.Add("default:");
                            break;
                        case CaseSwitchLabelSyntax caseLabel:
                            table.Add("case " + Rewrite(caseLabel.Value) + ":");
                            break;
                        case CasePatternSwitchLabelSyntax patternLabel:
                            var assignments = new List<string>();
                            PatternSyntax pattern = _rewriter.RenameHoistedDesignations(patternLabel.Pattern, assignments);
                            string when = patternLabel.WhenClause is null ? "" : "(" + Rewrite(patternLabel.WhenClause.Condition) + ")";
                            if (assignments.Count > 0)
                            {
                                when = string.Join(" && ", assignments) + (when.Length > 0 ? " && " + when : "");
                            }
                            table.Add("case " + pattern.ToString() + (when.Length > 0 ? " when " + when : "") + ":");
                            break;
                    }
                }
                table.Add("    goto " + sectionLabels[i] + ";");
            }
            bool boxScope = OpenBoxScope();
            EmitMappedAt(
                switchStatement.SwitchKeyword.GetLocation(),
                null,
                "switch (" + (_overflowContext is null ? governing : _overflowContext + "(" + governing + ")") + ")",
                inOverflowContext: false);
            _code.Line("{");
            _code.PushIndent();
            foreach (string line in table)
            {
                _code.Line(line);
            }
            _code.PopIndent();
            _code.Line("}");
            CloseBoxScope(boxScope);
            _code.Line("goto " + breakLabel + ";");
            _jumps.Push(new JumpTargets(breakLabel, CurrentJumps?.ContinueLabel));
            _switches.Push(lowered);
            for (int i = 0; i < switchStatement.Sections.Count; i++)
            {
                _code.Label(sectionLabels[i]);
                _code.PushIndent();
                LowerStatements(switchStatement.Sections[i].Statements);
                _code.PopIndent();
            }
            _switches.Pop();
            _jumps.Pop();
            _code.Label(breakLabel);
        }

        // ----- loops -----

        private void LowerWhile(WhileStatementSyntax whileStatement)
        {
            string continueLabel = NewLabel("while_continue");
            string breakLabel = NewLabel("while_break");
            _code.Label(continueLabel);
            EmitScopeBoxes(whileStatement.Condition);
            EmitMappedAt(whileStatement.WhileKeyword, "if (!(" + Rewrite(whileStatement.Condition) + ")) goto " + breakLabel + ";");
            LowerLoopBody(whileStatement.Statement, breakLabel, continueLabel);
            _code.Line("goto " + continueLabel + ";");
            _code.Label(breakLabel);
        }

        private void LowerDo(DoStatementSyntax doStatement)
        {
            string topLabel = NewLabel("do_top");
            string continueLabel = NewLabel("do_continue");
            string breakLabel = NewLabel("do_break");
            _code.Label(topLabel);
            LowerLoopBody(doStatement.Statement, breakLabel, continueLabel);
            _code.Label(continueLabel);
            EmitScopeBoxes(doStatement.Condition);
            EmitMappedAt(doStatement.WhileKeyword, "if (" + Rewrite(doStatement.Condition) + ") goto " + topLabel + ";");
            _code.Label(breakLabel);
        }

        private void LowerFor(ForStatementSyntax forStatement)
        {
            if (forStatement.Declaration != null)
            {
                EmitHoistedDeclarators(forStatement.Declaration);
            }
            foreach (ExpressionSyntax initializer in forStatement.Initializers)
            {
                EmitMapped(initializer, Rewrite(initializer) + ";");
            }
            string topLabel = NewLabel("for_top");
            string continueLabel = NewLabel("for_continue");
            string breakLabel = NewLabel("for_break");
            _code.Label(topLabel);
            if (forStatement.Condition != null)
            {
                EmitScopeBoxes(forStatement.Condition);
                EmitMapped(forStatement.Condition, "if (!(" + Rewrite(forStatement.Condition) + ")) goto " + breakLabel + ";");
            }
            LowerLoopBody(forStatement.Statement, breakLabel, continueLabel);
            _code.Label(continueLabel);
            foreach (ExpressionSyntax incrementor in forStatement.Incrementors)
            {
                EmitMapped(incrementor, Rewrite(incrementor) + ";");
            }
            _code.Line("goto " + topLabel + ";");
            _code.Label(breakLabel);
        }

        private void LowerLoopBody(StatementSyntax body, string breakLabel, string continueLabel)
        {
            _jumps.Push(new JumpTargets(breakLabel, continueLabel));
            _code.PushIndent();
            LowerStatement(body);
            _code.PopIndent();
            _jumps.Pop();
        }

        private void LowerForEach(CommonForEachStatementSyntax forEach, ExpressionSyntax collection)
        {
            ForEachStatementInfo info = Model.GetForEachStatementInfo(forEach);
            ITypeSymbol? collectionType = Model.GetTypeInfo(collection, CancellationToken).Type;
            string continueLabel = NewLabel("foreach_continue");
            string breakLabel = NewLabel("foreach_break");
            string line = LineOf(forEach).ToString();

            if (collectionType is IArrayTypeSymbol { Rank: 1 } array)
            {
                // Arrays: an index, like the compiler's own lowering; nothing to dispose.
                string arrayField = AddTemporaryField(Display(array), "array", "the array of the foreach at line " + line);
                string indexField = AddTemporaryField("int", "index", "the position in the array of the foreach at line " + line);
                EmitMappedAt(forEach.ForEachKeyword, "__m." + arrayField + " = " + Rewrite(collection) + ";");
                _code.Line("__m." + indexField + " = -1;");
                _code.Label(continueLabel);
                _code.Line("if (++__m." + indexField + " >= __m." + arrayField + ".Length) goto " + breakLabel + ";");
                EmitIterationVariable(forEach, array.ElementType, "__m." + arrayField + "[__m." + indexField + "]");
                LowerLoopBody(forEach.Statement, breakLabel, continueLabel);
                _code.Line("goto " + continueLabel + ";");
                _code.Label(breakLabel);
                return;
            }

            IMethodSymbol? getEnumerator = info.GetEnumeratorMethod;
            if (getEnumerator is null || info.ElementType is null)
            {
                ReportUnsupported(collection, "this foreach collection (no GetEnumerator method was found)");
                return;
            }
            ITypeSymbol enumeratorType = getEnumerator.ReturnType;
            if (enumeratorType.IsRefLikeType)
            {
                ReportUnsupported(collection, "foreach over a ref struct enumerator (such as a Span's) around a 'yield'; iterate an array or a list instead");
                return;
            }
            string enumeratorField = AddTemporaryField(Display(enumeratorType), "enumerator", "the enumerator of the foreach at line " + line);
            string source = Rewrite(collection);
            if (getEnumerator.ContainingType.TypeKind == TypeKind.Interface && getEnumerator.MethodKind != MethodKind.ReducedExtension && !getEnumerator.IsExtensionMethod)
            {
                source = "((" + Display(getEnumerator.ContainingType) + ")(" + source + "))";
            }
            EmitMappedAt(forEach.ForEachKeyword, "__m." + enumeratorField + " = " + source + ".GetEnumerator();");
            EmitTryFinally(
                forEach.ForEachKeyword.GetLocation(),
                () =>
                {
                    _code.Label(continueLabel);
                    _code.Line("if (!__m." + enumeratorField + ".MoveNext()) goto " + breakLabel + ";");
                    EmitIterationVariable(forEach, info.ElementType, "__m." + enumeratorField + ".Current");
                    LowerLoopBody(forEach.Statement, breakLabel, continueLabel);
                    _code.Line("goto " + continueLabel + ";");
                    _code.Label(breakLabel);
                },
                () =>
                {
                    _code.Line("// Dispose the enumerator on every way out of the loop.");
                    EmitDispose(enumeratorType, "__m." + enumeratorField);
                });
        }

        private void EmitIterationVariable(CommonForEachStatementSyntax forEach, ITypeSymbol elementType, string current)
        {
            if (forEach is ForEachStatementSyntax single)
            {
                if (!(Model.GetDeclaredSymbol(single, CancellationToken) is ILocalSymbol local) || !_hoisted.TryGetValue(local, out HoistedVariable? hoisted))
                {
                    ReportUnsupported(single, "this foreach variable");
                    return;
                }
                string cast = SymbolEqualityComparer.Default.Equals(local.Type, elementType) ? "" : "(" + Display(local.Type) + ")";
                string value = cast + current;
                if (hoisted.Boxed)
                {
                    value = "new global::System.Runtime.CompilerServices.StrongBox<" + hoisted.Type + ">(" + value + ")";
                }
                EmitMappedAt(single.Identifier, (hoisted.Boxed ? hoisted.Field : hoisted.Access) + " = " + value + ";");
            }
            else if (forEach is ForEachVariableStatementSyntax deconstruction)
            {
                foreach (SingleVariableDesignationSyntax designation in deconstruction.Variable.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>())
                {
                    if (Model.GetDeclaredSymbol(designation, CancellationToken) is ILocalSymbol local
                        && _hoisted.TryGetValue(local, out HoistedVariable? hoisted) && hoisted.Boxed)
                    {
                        EmitNewBox(local);
                    }
                }
                EmitMapped(deconstruction.Variable, Rewrite(deconstruction.Variable) + " = " + current + ";");
            }
        }

        // ----- try/finally and using -----

        private void LowerTry(TryStatementSyntax tryStatement)
        {
            if (tryStatement.Catches.Count > 0 || tryStatement.Finally is null || _yieldContainers.Contains(tryStatement.Finally))
            {
                ReportUnsupported(tryStatement, "'yield return' inside a try block with a catch clause or inside a finally block (C# forbids it too)");
                return;
            }
            FinallyClauseSyntax finallyClause = tryStatement.Finally;
            EmitTryFinally(
                tryStatement.TryKeyword.GetLocation(),
                () => LowerStatement(tryStatement.Block),
                () => EmitMapped(finallyClause.Block, Rewrite(finallyClause.Block)));
        }

        private void LowerUsing(VariableDeclarationSyntax? declaration, ExpressionSyntax? expression, SyntaxNode statement, Action body)
        {
            var resources = new List<KeyValuePair<string, ITypeSymbol>>();
            if (declaration != null)
            {
                foreach (VariableDeclaratorSyntax declarator in declaration.Variables)
                {
                    if (Model.GetDeclaredSymbol(declarator, CancellationToken) is ILocalSymbol local && _hoisted.TryGetValue(local, out HoistedVariable? hoisted))
                    {
                        resources.Add(new KeyValuePair<string, ITypeSymbol>(hoisted.Access, local.Type));
                    }
                    else
                    {
                        ReportUnsupported(declarator, "this using declaration");
                        return;
                    }
                }
            }
            else if (expression != null)
            {
                ITypeSymbol? type = Model.GetTypeInfo(expression, CancellationToken).Type;
                if (type is null || type.TypeKind == TypeKind.Error)
                {
                    return;
                }
                string field = AddTemporaryField(Display(type), "resource", "the resource of the using statement at line " + LineOf(statement));
                EmitMapped(expression, "__m." + field + " = " + Rewrite(expression) + ";");
                resources.Add(new KeyValuePair<string, ITypeSymbol>("__m." + field, type));
            }
            LowerUsingResources(declaration, resources, 0, body, statement.GetLocation());
        }

        private void LowerUsingResources(VariableDeclarationSyntax? declaration, List<KeyValuePair<string, ITypeSymbol>> resources, int index, Action body, Location owner)
        {
            if (index == resources.Count)
            {
                body();
                return;
            }
            if (declaration != null)
            {
                VariableDeclaratorSyntax declarator = declaration.Variables[index];
                if (declarator.Initializer != null)
                {
                    EmitMapped(declarator, resources[index].Key + " = " + Rewrite(declarator.Initializer.Value) + ";");
                }
            }
            EmitTryFinally(
                owner,
                () => LowerUsingResources(declaration, resources, index + 1, body, owner),
                () =>
                {
                    _code.Line("// Dispose the resource on every way out of the using.");
                    EmitDispose(resources[index].Value, resources[index].Key);
                });
        }

        /// <summary>Disposes the resource held in <paramref name="variable"/> (<c>__m.field</c> or <c>__m.field.Value</c>).</summary>
        private void EmitDispose(ITypeSymbol type, string variable)
        {
            bool disposable = type.SpecialType == SpecialType.System_IDisposable
                || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);
            if (type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
            {
                if (disposable)
                {
                    _code.Line("__m.DisposeValue(ref " + variable + ");");
                }
                return;
            }
            if (!disposable && type.IsSealed)
            {
                return;
            }
            _code.Line("((object?)" + variable + " as global::System.IDisposable)?.Dispose();");
        }

        /// <summary>
        /// A real try/finally around lowered code. Resuming into the try goes through the label before it
        /// and the dispatch at its top. The finally body runs only when the try is left for good
        /// (<c>State &lt; 0</c>): not when the method returns to wait for a Deferred.
        /// </summary>
        /// <summary>A <c>#line</c> naming the line of the body's opening brace (for the body method's entry).</summary>
        public string EntryLineDirective => LineDirective(_body.OpenBraceToken.GetLocation());

        /// <summary>A <c>#line</c> directive naming <paramref name="location"/>'s line in the user's file.</summary>
        private string LineDirective(Location location) =>
            "#line " + (location.GetLineSpan().StartLinePosition.Line + 1) + " \"" + EscapeString(_filePath) + "\"";

        private void EmitTryFinally(Location owner, Action body, Action finallyBody)
        {
            int region = ++_tryCount;
            _code.Label(TryLabel(region));
            _code.Line("try");
            _code.Line("{");
            _code.PushIndent();
            _tryPath.Add(region);
            _regionPaths[region] = _tryPath.ToImmutableArray();
            _tryDispatch[region] = _code.ReserveDispatch(LineDirective(owner));
            body();
            _tryPath.RemoveAt(_tryPath.Count - 1);
            _code.PopIndent();
            _code.Line("}");
            _code.Line("finally");
            _code.Line("{");
            _code.PushIndent();
            _code.Line("if (__m.State < 0) // not merely suspending");
            _code.Line("{");
            _code.PushIndent();
            finallyBody();
            _code.PopIndent();
            _code.Line("}");
            _code.PopIndent();
            _code.Line("}");
        }

        // ---------------------------------------------------------------- text

        private string Rewrite(SyntaxNode node)
        {
            SyntaxNode rewritten = _rewriter.Visit(node) ?? node;
            return rewritten.WithoutLeadingTrivia().WithoutTrailingTrivia().ToFullString();
        }

        /// <summary>The label where the body method stores its cached variables back and returns to wait.</summary>
        private const string SuspendLabel = "__suspend";

        private int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        private void EmitMapped(SyntaxNode node, string text) => EmitMappedAt(node.GetLocation(), node, text);

        private void EmitMappedAt(SyntaxToken token, string text) => EmitMappedAt(token.GetLocation(), null, text);

        /// <summary>
        /// Writes user code preceded by a #line directive naming its line in the user's file (so stack
        /// traces and breakpoints land there) and followed by #line hidden for the plumbing after it.
        /// </summary>
        private void EmitMappedAt(Location location, SyntaxNode? original, string text, bool inOverflowContext = true)
        {
            bool boxScope = OpenBoxScope();
            bool closeOverflow = false;
            if (_overflowContext != null && inOverflowContext
                && !(original is LocalFunctionStatementSyntax)
                && !(original is LocalDeclarationStatementSyntax { IsConst: true }))
            {
                text = _overflowContext + " { " + text;
                closeOverflow = true;
            }
            int line = location.GetLineSpan().StartLinePosition.Line + 1;
            _code.Raw("#line " + line + " \"" + EscapeString(_filePath) + "\"");
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            int column = location.GetLineSpan().StartLinePosition.Character;
            bool reindent = original != null && lines.Length > 1 && !HasMultiLineLiteral(original);
            for (int i = 0; i < lines.Length; i++)
            {
                string textLine = lines[i];
                if (i > 0 && reindent)
                {
                    int strip = 0;
                    while (strip < column && strip < textLine.Length && textLine[strip] == ' ')
                    {
                        strip++;
                    }
                    textLine = textLine.Substring(strip);
                }
                if (i == 0 || reindent)
                {
                    _code.Line(textLine);
                }
                else
                {
                    _code.Raw(textLine);
                }
            }
            if (closeOverflow)
            {
                _code.Line("}");
            }
            _code.Raw("#line hidden");
            CloseBoxScope(boxScope);
        }

        private static bool HasMultiLineLiteral(SyntaxNode node)
        {
            foreach (SyntaxToken token in node.DescendantTokens())
            {
                if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken)
                     || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken))
                    && token.ToString().IndexOf('\n') >= 0)
                {
                    return true;
                }
                if (token.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken) || token.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken))
                {
                    return true;
                }
            }
            return false;
        }

        public static string EscapeString(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

        // ---------------------------------------------------------------- diagnostics

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(node), arguments));

        public void ReportUnsupported(SyntaxNode node, string what) =>
            Report(InlineCallbacksDiagnostics.UnsupportedConstruct, node, MethodName, what);
    }
}
