using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Torsion.Generators.InlineCallbacks.Model;
using Torsion.Shared;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Turns one [InlineCallbacks] method into a <see cref="MethodModel"/> (or diagnostics). Checks every
    /// misuse first, then lowers the body. Never throws: an unexpected failure becomes TRS199.
    /// </summary>
    internal static class InlineCallbacksParser
    {
        public const string AttributeMetadataName = InlineCallbacksNaming.AttributeMetadataName;

        private static readonly SymbolDisplayFormat SignatureFormat = new SymbolDisplayFormat(
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
            node is MethodDeclarationSyntax || node is LocalFunctionStatementSyntax;

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            string name = context.TargetSymbol?.Name ?? "?";
            try
            {
                MethodModel? model = ParseCore(context, diagnostics, cancellationToken);
                return new ParseResult(model, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    InlineCallbacksDiagnostics.InternalError,
                    LocationInfo.From(context.TargetNode),
                    name,
                    exception.GetType().Name + ": " + exception.Message));
                return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
        }

        private static MethodModel? ParseCore(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetNode is LocalFunctionStatementSyntax localFunction)
            {
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.InvalidTarget, LocationInfo.From(localFunction.Identifier),
                    localFunction.Identifier.ValueText, "it is a local function; move it to a method of a partial type"));
                return null;
            }
            if (!(context.TargetNode is MethodDeclarationSyntax syntax) || !(context.TargetSymbol is IMethodSymbol method))
            {
                return null;
            }
            LocationInfo? at = LocationInfo.From(syntax.Identifier);
            string methodName = method.Name;
            if (method.IsAsync || syntax.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.InvalidTarget, at, methodName,
                    "it is async; an [InlineCallbacks] method is a plain iterator that yields Deferreds"));
                return null;
            }

            // Every containing type must be partial.
            bool partialOk = true;
            for (SyntaxNode? node = syntax.Parent; node != null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.ContainingTypeNotPartial,
                        LocationInfo.From(type.Identifier), type.Identifier.ValueText, methodName));
                    partialOk = false;
                }
            }
            if (!(syntax.Parent is TypeDeclarationSyntax))
            {
                return null;
            }

            // IEnumerable<Deferred>.
            Compilation compilation = context.SemanticModel.Compilation;
            INamedTypeSymbol? deferred = compilation.GetTypeByMetadataName("Torsion.Deferred");
            ITypeSymbol returnType = method.ReturnType;
            bool returnOk = returnType is INamedTypeSymbol named
                && named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                && deferred != null
                && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], deferred);
            if (!returnOk)
            {
                if (returnType.TypeKind == TypeKind.Error)
                {
                    return null; // the compiler reports the unknown type
                }
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.WrongReturnType, LocationInfo.From(syntax.ReturnType),
                    methodName, returnType.ToDisplayString()));
            }

            // A partial method: the attribute may sit on the declaration, the body on the implementation.
            SemanticModel semanticModel = context.SemanticModel;
            if (syntax.Body is null
                && method.PartialImplementationPart is { } implementation
                && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementationSyntax)
            {
                syntax = implementationSyntax;
                method = implementation;
                semanticModel = compilation.GetSemanticModel(syntax.SyntaxTree);
            }

            BlockSyntax? body = syntax.Body;
            if (body is null || !BodyLowerer.YieldsOf(body).Any())
            {
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.NotAnIterator, at, methodName));
                return null;
            }
            if (!partialOk || !returnOk)
            {
                return null;
            }

            // The generated method's name.
            string? custom = InlineCallbacksNaming.CustomName(context.Attributes);
            string? generatedName = InlineCallbacksNaming.GeneratedName(methodName, custom);
            if (generatedName is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.InvalidMethodName, at, custom!, methodName));
                return null;
            }
            INamedTypeSymbol containingType = method.ContainingType;
            if (Clashes(containingType, method, generatedName))
            {
                diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.NameClash, at, generatedName, methodName, containingType.Name));
                return null;
            }

            // Bind the body as it will bind once the generated methods exist (it may call them), and
            // leave a body the compiler still rejects to the compiler: generating from it would add noise.
            if (GeneratedSignatures.MayCallGenerated(compilation, body, cancellationToken)
                || HasErrors(semanticModel, body, cancellationToken))
            {
                Compilation augmented = GeneratedSignatures.Augment(compilation, cancellationToken);
                semanticModel = augmented.GetSemanticModel(syntax.SyntaxTree);
                if (HasErrors(semanticModel, body, cancellationToken)
                    || !(semanticModel.GetDeclaredSymbol(syntax, cancellationToken) is IMethodSymbol rebound))
                {
                    return null;
                }
                method = rebound;
            }

            var lowerer = new BodyLowerer(semanticModel, method, body, diagnostics, cancellationToken);
            if (!lowerer.Analyze())
            {
                return null;
            }
            int errors = diagnostics.Count;
            List<string> lines = lowerer.Lower();
            if (diagnostics.Skip(errors).Any(d => InlineCallbacksDiagnostics.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
            {
                return null;
            }

            string? resultType = lowerer.ResultType is null ? null : BodyLowerer.Display(lowerer.ResultType);
            if (resultType != null)
            {
                var reachability = new EndReachability(lowerer);
                if (reachability.CanCompleteNormally(body) || reachability.HasReachableYieldBreak(body))
                {
                    diagnostics.Add(DiagnosticInfo.Create(InlineCallbacksDiagnostics.MayFinishWithoutReturn, at, methodName,
                        lowerer.ResultType!.ToDisplayString()));
                }
            }

            containingType = method.ContainingType;
            string suffix = OverloadSuffix(containingType, method);
            string baseName = "__" + methodName + suffix;
            var containingTypes = new List<ContainingTypeModel>();
            for (INamedTypeSymbol? type = containingType; type != null; type = type.ContainingType)
            {
                containingTypes.Insert(0, new ContainingTypeModel(TypeKeyword(type), NameWithTypeParameters(type, variance: true)));
            }
            string? ns = containingType.ContainingNamespace.IsGlobalNamespace ? null : containingType.ContainingNamespace.ToDisplayString();
            string typeParameters = method.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", method.TypeParameters.Select(t => BodyLowerer.EscapeIdentifier(t.Name))) + ">";
            string constraints = string.Join(" ", syntax.ConstraintClauses.Select(c => c.ToString()));
            int line = syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

            return new MethodModel(
                HintName: HintName(containingType, methodName + suffix),
                Usings: new EquatableArray<string>(CollectUsings(syntax, inNamespace: false)),
                NamespaceUsings: new EquatableArray<string>(CollectUsings(syntax, inNamespace: true)),
                Namespace: ns,
                ContainingTypes: new EquatableArray<ContainingTypeModel>(containingTypes),
                UserMethodName: methodName,
                UserMethodSignature: method.ToDisplayString(SignatureFormat),
                GeneratedName: generatedName,
                Modifiers: Modifiers(method, syntax),
                IsStatic: method.IsStatic,
                ContainingTypeName: NameWithTypeParameters(containingType, variance: false),
                TypeParameters: typeParameters,
                ConstraintClauses: constraints,
                ResultType: resultType,
                MachineName: baseName + "_StateMachine",
                BodyMethodName: baseName + "_MoveNext",
                Parameters: new EquatableArray<ParameterModel>(lowerer.Parameters),
                Fields: new EquatableArray<FieldModel>(lowerer.Fields),
                BodyLines: new EquatableArray<string>(lines),
                StateCount: lowerer.StateCount,
                SourceFile: System.IO.Path.GetFileName(body.SyntaxTree.FilePath),
                SourceLine: line,
                EntryLineDirective: lowerer.EntryLineDirective);
        }

        /// <summary>
        /// Whether the body does not bind: a syntax error, or an operation the compiler could not bind
        /// (an invalid operation, an error type, a conversion that does not exist). This walks the
        /// body's own operation tree, which the semantic model binds once and keeps for the lowering
        /// that follows, so its cost is linear in the size of the body. (Asking the semantic model for
        /// the diagnostics of the body's span instead compiles through the containing type and
        /// declaration checks each time: that made a build of 1,000 methods quadratic.)
        /// </summary>
        private static bool HasErrors(SemanticModel model, BlockSyntax body, CancellationToken cancellationToken)
        {
            if (body.ContainsDiagnostics && body.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return true;
            }
            IOperation? operation = model.GetOperation(body, cancellationToken);
            if (operation is null)
            {
                return true;
            }
            foreach (IOperation descendant in Microsoft.CodeAnalysis.Operations.OperationExtensions.DescendantsAndSelf(operation))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (descendant.Kind == OperationKind.Invalid
                    || descendant.Type is { TypeKind: TypeKind.Error }
                    || (descendant is Microsoft.CodeAnalysis.Operations.IConversionOperation conversion && !conversion.Conversion.Exists))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool Clashes(INamedTypeSymbol type, IMethodSymbol method, string generatedName)
        {
            foreach (ISymbol member in type.GetMembers(generatedName))
            {
                if (!(member is IMethodSymbol other))
                {
                    return true;
                }
                if (other.Parameters.Length == method.Parameters.Length
                    && other.TypeParameters.Length == method.TypeParameters.Length
                    && other.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) || a.Type.TypeKind == TypeKind.TypeParameter).All(x => x))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Overloads of the same name get distinct machine names: "", "_2", "_3" in declaration order.</summary>
        private static string OverloadSuffix(INamedTypeSymbol type, IMethodSymbol method)
        {
            var sameName = type.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Where(m => m.DeclaringSyntaxReferences.Length > 0)
                .OrderBy(m => m.DeclaringSyntaxReferences[0].SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(m => m.DeclaringSyntaxReferences[0].Span.Start)
                .ToList();
            int index = sameName.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
            return index <= 0 ? "" : "_" + (index + 1);
        }

        private static string TypeKeyword(INamedTypeSymbol type)
        {
            var text = new StringBuilder();
            if (type.IsRefLikeType)
            {
                text.Append("ref ");
            }
            text.Append("partial ");
            if (type.IsRecord)
            {
                text.Append(type.TypeKind == TypeKind.Struct ? "record struct" : "record");
            }
            else
            {
                switch (type.TypeKind)
                {
                    case TypeKind.Struct:
                        text.Append("struct");
                        break;
                    case TypeKind.Interface:
                        text.Append("interface");
                        break;
                    default:
                        text.Append("class");
                        break;
                }
            }
            return text.ToString();
        }

        private static string NameWithTypeParameters(INamedTypeSymbol type, bool variance)
        {
            string name = BodyLowerer.EscapeIdentifier(type.Name);
            if (type.TypeParameters.Length == 0)
            {
                return name;
            }
            return name + "<" + string.Join(", ", type.TypeParameters.Select(t =>
                (variance && t.Variance == VarianceKind.In ? "in " : variance && t.Variance == VarianceKind.Out ? "out " : "") + BodyLowerer.EscapeIdentifier(t.Name))) + ">";
        }

        private static string Modifiers(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            string accessibility;
            switch (method.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    accessibility = "public";
                    break;
                case Accessibility.Internal:
                    accessibility = "internal";
                    break;
                case Accessibility.Protected:
                    accessibility = "protected";
                    break;
                case Accessibility.ProtectedOrInternal:
                    accessibility = "protected internal";
                    break;
                case Accessibility.ProtectedAndInternal:
                    accessibility = "private protected";
                    break;
                default:
                    accessibility = "private";
                    break;
            }
            if (method.IsStatic)
            {
                accessibility += " static";
            }
            if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                accessibility += " unsafe";
            }
            return accessibility;
        }

        private static List<string> CollectUsings(SyntaxNode node, bool inNamespace)
        {
            var usings = new List<string>();
            if (!inNamespace && node.SyntaxTree.GetRoot() is CompilationUnitSyntax unit)
            {
                foreach (UsingDirectiveSyntax directive in unit.Usings)
                {
                    if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                    {
                        usings.Add(directive.WithoutTrivia().ToString());
                    }
                }
            }
            if (!inNamespace)
            {
                return usings;
            }
            foreach (BaseNamespaceDeclarationSyntax ns in node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse())
            {
                foreach (UsingDirectiveSyntax directive in ns.Usings)
                {
                    usings.Add(directive.WithoutTrivia().ToString());
                }
            }
            return usings;
        }

        private static string HintName(INamedTypeSymbol type, string method)
        {
            var text = new StringBuilder();
            foreach (char c in type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "") + "." + method)
            {
                text.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
            }
            return text + ".InlineCallbacks.g.cs";
        }
    }
}
