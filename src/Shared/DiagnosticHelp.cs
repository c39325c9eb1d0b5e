namespace Torsion.Shared
{
    /// <summary>
    /// Where the help page of every Torsion diagnostic (the generator's TRS1xx and the analyzers'
    /// TRS2xxx) lives: one absolute base address, so that a help link works in an IDE and in SARIF.
    /// Compiled into the generator and the analyzers. The pages are docs/diagnostics/&lt;ID&gt;.md of
    /// the repository, and ship in the package under docs/diagnostics.
    /// </summary>
    internal static class DiagnosticHelp
    {
        /// <summary>The base address of the pages (ends with a slash).</summary>
        public const string BaseUri = "https://github.com/torsion-dotnet/torsion/blob/main/docs/diagnostics/";

        /// <summary>The help page of the diagnostic <paramref name="id"/>.</summary>
        public static string LinkFor(string id) => BaseUri + id + ".md";
    }
}
