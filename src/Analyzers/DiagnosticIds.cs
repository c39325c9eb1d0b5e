namespace Torsion.Analyzers;

/// <summary>The IDs of Torsion's analyzer diagnostics (TRS2xxx; the generator's are TRS1xx).</summary>
internal static class DiagnosticIds
{
    /// <summary>A blocking call in code that runs on the reactor thread.</summary>
    public const string BlockingCallOnReactor = "TRS2001";

    /// <summary>An [InlineCallbacks] iterator called directly, so that nothing runs.</summary>
    public const string IteratorCalledDirectly = "TRS2002";
}
