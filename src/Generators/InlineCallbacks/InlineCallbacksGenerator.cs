using Microsoft.CodeAnalysis;
using Torsion.Generators.InlineCallbacks.Model;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// The [InlineCallbacks] source generator: for each iterator method marked
    /// <c>[Torsion.InlineCallbacks]</c> it generates a method returning a Deferred whose body is the
    /// iterator rewritten into callback-driven code (no iterator object, no reflection).
    /// Pipeline: attribute lookup → <see cref="InlineCallbacksParser"/> (equatable model) →
    /// <see cref="InlineCallbacksEmitter"/> (source text).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class InlineCallbacksGenerator : IIncrementalGenerator
    {
        /// <summary>The tracking name of the parse step, for incremental caching tests.</summary>
        public const string ParseStepName = "InlineCallbacksMethods";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ParseResult> methods = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    InlineCallbacksParser.AttributeMetadataName,
                    InlineCallbacksParser.IsCandidate,
                    InlineCallbacksParser.Parse)
                .WithTrackingName(ParseStepName);

            context.RegisterSourceOutput(methods.Where(static result => result.Method != null), static (output, result) =>
                output.AddSource(result.Method!.HintName, InlineCallbacksEmitter.Emit(result.Method)));

            // Diagnostics are reported against the compilation's own syntax trees (a location made from a
            // path alone is "external": #pragma, .editorconfig severities and [SuppressMessage] would not
            // apply to it). Only methods that have diagnostics reach this step, so the compilation it
            // depends on costs nothing for the others.
            IncrementalValuesProvider<(ParseResult Result, Compilation Compilation)> withDiagnostics = methods
                .Where(static result => result.Diagnostics.Count > 0)
                .Combine(context.CompilationProvider);
            context.RegisterSourceOutput(withDiagnostics, static (output, item) =>
            {
                foreach (DiagnosticInfo diagnostic in item.Result.Diagnostics)
                {
                    output.ReportDiagnostic(diagnostic.ToDiagnostic(item.Compilation));
                }
            });
        }
    }
}
