using Microsoft.CodeAnalysis;

namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// A diagnostic to report, as equatable values: the descriptor's id, where, and the message arguments.
    /// </summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new DiagnosticInfo(descriptor.Id, location, new EquatableArray<string>(arguments));

        /// <summary>The diagnostic, located in <paramref name="compilation"/>'s syntax tree of that file.</summary>
        public Diagnostic ToDiagnostic(Compilation compilation)
        {
            DiagnosticDescriptor descriptor = InlineCallbacksDiagnostics.ById(Id);
            object[] args = new object[Arguments.Count];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = Arguments[i];
            }
            return Diagnostic.Create(descriptor, Location?.ToLocation(compilation), args);
        }
    }
}
