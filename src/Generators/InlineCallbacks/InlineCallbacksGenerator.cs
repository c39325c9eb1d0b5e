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

            context.RegisterSourceOutput(methods, static (output, result) =>
            {
                foreach (DiagnosticInfo diagnostic in result.Diagnostics)
                {
                    output.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
                if (result.Method != null)
                {
                    output.AddSource(result.Method.HintName, InlineCallbacksEmitter.Emit(result.Method));
                }
            });
        }
    }
}
