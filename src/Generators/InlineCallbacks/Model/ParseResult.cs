namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// What the parser found for one attributed method: the model to emit (null when the method cannot be
    /// generated) and the diagnostics to report.
    /// </summary>
    internal sealed record ParseResult(MethodModel? Method, EquatableArray<DiagnosticInfo> Diagnostics);
}
