using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Shared;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Bodies routinely call generated methods (<c>yield return OtherAsync();</c>, recursion), which do not
    /// exist in the compilation the generator sees. When a body does not bind, this adds declarations of
    /// every generated method (signatures only) to a private copy of the compilation, so that the body
    /// binds as it will once the generated code exists. The result type of each signature comes from
    /// the <c>InlineCallbacks.Return</c> calls of its body, bound against the previous round's signatures;
    /// rounds repeat until no signature changes (a fixed point), at most one more round than there are
    /// methods, so a chain of methods whose result types depend on one another (A returns B's result,
    /// B returns C's, ...) is inferred at any length. A result type that still cannot be known (a cycle:
    /// a method whose result depends on its own generated method, directly or through others) needs an
    /// explicit <c>InlineCallbacks.Return&lt;T&gt;</c> or a typed local.
    /// </summary>
    internal static class GeneratedSignatures
    {
        private const string StubPath = "InlineCallbacks.Signatures.g.cs";

        /// <summary>
        /// One augmented compilation per compilation: every method of a compilation that needs it shares
        /// it, and it goes away with the compilation.
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, Compilation> s_augmented = new ConditionalWeakTable<Compilation, Compilation>();

        /// <summary>The names the generated methods of a compilation may have, found from syntax alone.</summary>
        private static readonly ConditionalWeakTable<Compilation, HashSet<string>> s_names = new ConditionalWeakTable<Compilation, HashSet<string>>();

        /// <summary>
        /// Whether <paramref name="body"/> names a method the generator will write (by its default name,
        /// or a <c>MethodName</c> given as a string literal). Such a body cannot bind without the
        /// generated signatures, so the parser binds it against <see cref="Augment"/>'s compilation
        /// straight away instead of binding it twice. Syntax only: cheap, and a miss only costs the
        /// second binding.
        /// </summary>
        public static bool MayCallGenerated(Compilation compilation, SyntaxNode body, CancellationToken cancellationToken)
        {
            if (!s_names.TryGetValue(compilation, out HashSet<string>? names))
            {
                names = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (MethodDeclarationSyntax method in FindAttributedMethods(compilation, cancellationToken))
                {
                    names.Add(method.Identifier.ValueText + InlineCallbacksNaming.DefaultSuffix);
                    foreach (AttributeArgumentSyntax argument in method.AttributeLists.SelectMany(l => l.Attributes)
                                 .Where(a => IsInlineCallbacksName(a.Name) && a.ArgumentList != null)
                                 .SelectMany(a => a.ArgumentList!.Arguments))
                    {
                        if (argument.Expression is LiteralExpressionSyntax literal && literal.Token.Value is string custom)
                        {
                            names.Add(custom);
                        }
                    }
                }
                names = s_names.GetValue(compilation, _ => names);
            }
            if (names.Count == 0)
            {
                return false;
            }
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                if (node is SimpleNameSyntax name && names.Contains(name.Identifier.ValueText))
                {
                    return true;
                }
            }
            return false;
        }

        public static Compilation Augment(Compilation original, CancellationToken cancellationToken)
        {
            if (s_augmented.TryGetValue(original, out Compilation? cached))
            {
                return cached;
            }
            Compilation augmented = Build(original, cancellationToken);
            // Two threads may race here; both results are equal, keep the first.
            return s_augmented.GetValue(original, _ => augmented);
        }

        private static Compilation Build(Compilation original, CancellationToken cancellationToken)
        {
            List<MethodDeclarationSyntax> methods = FindAttributedMethods(original, cancellationToken);
            if (methods.Count == 0)
            {
                return original;
            }
            Compilation current = original;
            string? previous = null;
            // Each round settles at least one more link of a chain, and the last round only confirms that
            // nothing changed: methods + 1 rounds are enough for every chain. A cycle stays untyped and
            // stops changing after the first rounds.
            for (int round = 0; round <= methods.Count; round++)
            {
                var text = new StringBuilder();
                text.AppendLine("// Signatures of generated [InlineCallbacks] methods, for binding only.");
                text.AppendLine("#nullable enable annotations");
                text.AppendLine("#pragma warning disable");
                bool settled = true;
                foreach (MethodDeclarationSyntax method in methods)
                {
                    SemanticModel model = current.GetSemanticModel(method.SyntaxTree);
                    settled &= AppendStub(text, method, model, cancellationToken);
                }
                string stubText = text.ToString();
                if (stubText == previous)
                {
                    break; // a fixed point: 'current' already holds exactly these signatures
                }
                if (round == 0 && settled)
                {
                    // Every result type came out without the generated methods (no Return depends on
                    // one): the stubs cannot change them, so this round is already the fixed point.
                    // This saves binding every body a second time in most projects.
                    previous = stubText;
                    current = original.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
                        stubText,
                        (CSharpParseOptions)methods[0].SyntaxTree.Options,
                        path: StubPath,
                        cancellationToken: cancellationToken));
                    break;
                }
                previous = stubText;
                SyntaxTree stubs = CSharpSyntaxTree.ParseText(
                    stubText,
                    (CSharpParseOptions)methods[0].SyntaxTree.Options,
                    path: StubPath,
                    cancellationToken: cancellationToken);
                current = original.AddSyntaxTrees(stubs);
            }
            return current;
        }

        private static List<MethodDeclarationSyntax> FindAttributedMethods(Compilation compilation, CancellationToken cancellationToken)
        {
            var methods = new List<MethodDeclarationSyntax>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SyntaxNode root = tree.GetRoot(cancellationToken);
                foreach (MethodDeclarationSyntax method in root
                             .DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax || n is TypeDeclarationSyntax)
                             .OfType<MethodDeclarationSyntax>())
                {
                    if (method.Body != null
                        && method.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsInlineCallbacksName(a.Name))
                        && method.Ancestors().OfType<TypeDeclarationSyntax>().All(t => t.Modifiers.Any(SyntaxKind.PartialKeyword)))
                    {
                        methods.Add(method);
                    }
                }
            }
            return methods;
        }

        private static bool IsInlineCallbacksName(NameSyntax name)
        {
            string text = name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => "",
            };
            return text == "InlineCallbacks" || text == "InlineCallbacksAttribute";
        }

        private static bool IsExplicitlyGeneric(ExpressionSyntax callee) =>
            callee is GenericNameSyntax || (callee is MemberAccessExpressionSyntax { Name: GenericNameSyntax });

        /// <summary>
        /// Appends the signature of <paramref name="syntax"/>'s generated method. Returns false when its
        /// result type is not settled: a Return whose type did not bind (it may depend on a generated method).
        /// </summary>
        private static bool AppendStub(StringBuilder text, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(model.GetDeclaredSymbol(syntax, cancellationToken) is IMethodSymbol method)
                || !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == InlineCallbacksParser.AttributeMetadataName))
            {
                return true;
            }
            string? name = InlineCallbacksNaming.GeneratedName(method.Name, InlineCallbacksNaming.CustomName(method.GetAttributes()));
            if (name is null)
            {
                return true; // an unusable MethodName (TRS110): no method will be generated
            }
            if (method.ContainingType.GetMembers(name).Any(m => m.Locations.Any(l => l.SourceTree?.FilePath != StubPath)))
            {
                return true; // a clash (TRS105) or the real generated method: declare nothing
            }
            string returnType = "global::Torsion.Deferred";
            bool settled = true;
            foreach (InvocationExpressionSyntax invocation in syntax.Body!.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (!IsNamedReturn(invocation.Expression))
                {
                    continue; // only InlineCallbacks.Return(...) decides the result type
                }
                // An explicit Return<T>(...) whose argument does not bind yet (it uses another generated
                // method) is still a candidate, with its explicit type argument.
                // Bound speculatively at its own position: only the call and its argument are bound
                // (locals they use get their types from their declarations), not the whole body,
                // which keeps these rounds cheap however large the body is.
                SymbolInfo info = model.GetSpeculativeSymbolInfo(invocation.SpanStart, invocation, SpeculativeBindingOption.BindAsExpression);
                ISymbol? symbol = info.Symbol;
                if (symbol is null && info.CandidateSymbols.Length == 1 && IsExplicitlyGeneric(invocation.Expression))
                {
                    symbol = info.CandidateSymbols[0];
                }
                if (symbol is IMethodSymbol other && other.ContainingType?.ToDisplayString() != "Torsion.InlineCallbacks")
                {
                    continue; // some other method named Return
                }
                if (symbol is IMethodSymbol called
                    && called.Name == "Return"
                    && !SymbolEqualityComparer.Default.Equals(called.TypeArguments[0], called.OriginalDefinition.TypeParameters[0]) && called.IsGenericMethod
                    && called.ContainingType?.ToDisplayString() == "Torsion.InlineCallbacks"
                    && called.TypeArguments[0].TypeKind != TypeKind.Error)
                {
                    if (ContainsErrorType(called.TypeArguments[0]))
                    {
                        settled = false;
                        continue;
                    }
                    returnType = "global::Torsion.Deferred<" + BodyLowerer.Display(called.TypeArguments[0]) + ">";
                    break;
                }
                settled = false; // a Return that did not bind (yet)
            }

            INamedTypeSymbol type = method.ContainingType;
            var chain = new List<INamedTypeSymbol>();
            for (INamedTypeSymbol? t = type; t != null; t = t.ContainingType)
            {
                chain.Insert(0, t);
            }
            string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
            if (ns.Length > 0)
            {
                text.Append("namespace ").Append(ns).AppendLine(" {");
            }
            foreach (INamedTypeSymbol t in chain)
            {
                text.Append("partial ").Append(t.IsRecord ? (t.TypeKind == TypeKind.Struct ? "record struct " : "record ") :
                    t.TypeKind == TypeKind.Struct ? "struct " : t.TypeKind == TypeKind.Interface ? "interface " : "class ");
                text.Append(BodyLowerer.EscapeIdentifier(t.Name));
                if (t.TypeParameters.Length > 0)
                {
                    text.Append('<').Append(string.Join(", ", t.TypeParameters.Select(p => BodyLowerer.EscapeIdentifier(p.Name)))).Append('>');
                }
                text.AppendLine(" {");
            }
            text.Append("public ").Append(method.IsStatic ? "static " : "").Append(returnType).Append(' ').Append(name);
            if (method.TypeParameters.Length > 0)
            {
                text.Append('<').Append(string.Join(", ", method.TypeParameters.Select(p => BodyLowerer.EscapeIdentifier(p.Name)))).Append('>');
            }
            text.Append('(').Append(string.Join(", ", method.Parameters.Select(p =>
                (p.IsParams ? "params " : "") + BodyLowerer.Display(p.Type) + " " + BodyLowerer.EscapeIdentifier(p.Name)))).Append(')');
            foreach (ITypeParameterSymbol parameter in method.TypeParameters)
            {
                var constraints = new List<string>();
                if (parameter.HasReferenceTypeConstraint) constraints.Add("class");
                if (parameter.HasUnmanagedTypeConstraint) constraints.Add("unmanaged");
                else if (parameter.HasValueTypeConstraint) constraints.Add("struct");
                if (parameter.HasNotNullConstraint) constraints.Add("notnull");
                constraints.AddRange(parameter.ConstraintTypes.Select(BodyLowerer.Display));
                if (parameter.HasConstructorConstraint) constraints.Add("new()");
                if (constraints.Count > 0)
                {
                    text.Append(" where ").Append(BodyLowerer.EscapeIdentifier(parameter.Name)).Append(" : ").Append(string.Join(", ", constraints));
                }
            }
            text.AppendLine(" => throw null!;");
            foreach (INamedTypeSymbol _ in chain)
            {
                text.AppendLine("}");
            }
            if (ns.Length > 0)
            {
                text.AppendLine("}");
            }
            return settled;
        }

        /// <summary>Whether <paramref name="callee"/> is a call named Return (the only calls that decide a result type).</summary>
        private static bool IsNamedReturn(ExpressionSyntax callee)
        {
            SimpleNameSyntax? name = callee switch
            {
                SimpleNameSyntax simple => simple,
                MemberAccessExpressionSyntax member => member.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => null,
            };
            return name?.Identifier.ValueText == "Return";
        }

        private static bool ContainsErrorType(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
            IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
            _ => false,
        };
    }
}
