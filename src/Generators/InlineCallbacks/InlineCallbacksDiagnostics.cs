using System;
using Microsoft.CodeAnalysis;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// The catalogue of diagnostics the [InlineCallbacks] generator reports (TRS1xx). Each has a page in
    /// docs/diagnostics/ that its help link points to.
    /// </summary>
    internal static class InlineCallbacksDiagnostics
    {
        /// <summary>Where the help pages live; one page per id, named after it.</summary>
        public const string HelpLinkBase = "docs/diagnostics/";

        private const string Category = "Torsion.InlineCallbacks";

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
            "TRS100",
            "The type containing an [InlineCallbacks] method must be partial",
            "Type '{0}' must be declared partial because it contains the [InlineCallbacks] method '{1}'");

        public static readonly DiagnosticDescriptor NotAnIterator = Create(
            "TRS101",
            "An [InlineCallbacks] method must be an iterator",
            "[InlineCallbacks] method '{0}' must be an iterator with a block body that uses 'yield return'");

        public static readonly DiagnosticDescriptor WrongReturnType = Create(
            "TRS102",
            "An [InlineCallbacks] method must return IEnumerable<Deferred>",
            "[InlineCallbacks] method '{0}' must return System.Collections.Generic.IEnumerable<Torsion.Deferred>, not '{1}'");

        public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(
            "TRS103",
            "Construct not supported in an [InlineCallbacks] method",
            "[InlineCallbacks] method '{0}' cannot be rewritten: {1}");

        public static readonly DiagnosticDescriptor InvalidTarget = Create(
            "TRS104",
            "[InlineCallbacks] applies to ordinary iterator methods only",
            "[InlineCallbacks] cannot be applied to '{0}': {1}");

        public static readonly DiagnosticDescriptor NameClash = Create(
            "TRS105",
            "The generated method's name is already taken",
            "[InlineCallbacks] cannot generate '{0}' for '{1}': type '{2}' already has a member named '{0}' with these parameters");

        public static readonly DiagnosticDescriptor InconsistentReturnTypes = Create(
            "TRS106",
            "InlineCallbacks.Return is used with different types",
            "[InlineCallbacks] method '{0}' returns both '{1}' and '{2}'; give every InlineCallbacks.Return the same type, e.g. InlineCallbacks.Return<{1}>(...)");

        public static readonly DiagnosticDescriptor ReturnOutsideYield = Create(
            "TRS107",
            "InlineCallbacks.Return must be the operand of 'yield return'",
            "InlineCallbacks.Return in '{0}' must be used as 'yield return InlineCallbacks.Return(value);'");

        public static readonly DiagnosticDescriptor MayFinishWithoutReturn = Create(
            "TRS108",
            "An [InlineCallbacks] method that returns values can finish without one",
            "[InlineCallbacks] method '{0}' returns values of type '{1}' but can finish without InlineCallbacks.Return; its Deferred then fires with default({1})",
            DiagnosticSeverity.Warning);

        // TRS109 (a per-iteration variable captured by a local function) is retired: such variables are
        // now kept per iteration for local functions too. The id stays reserved and is not reused.

        public static readonly DiagnosticDescriptor InvalidMethodName = Create(
            "TRS110",
            "The generated method's name is not a valid identifier",
            "[InlineCallbacks(MethodName = \"{0}\")] on '{1}' is not a valid C# method name");

        public static readonly DiagnosticDescriptor InternalError = Create(
            "TRS199",
            "The [InlineCallbacks] generator could not process a method",
            "The [InlineCallbacks] generator could not process '{0}' ({1}); please report this with the method's code");

        private static readonly DiagnosticDescriptor[] All =
        {
            ContainingTypeNotPartial, NotAnIterator, WrongReturnType, UnsupportedConstruct, InvalidTarget, NameClash,
            InconsistentReturnTypes, ReturnOutsideYield, MayFinishWithoutReturn, InvalidMethodName,
            InternalError,
        };

        public static DiagnosticDescriptor ById(string id)
        {
            foreach (DiagnosticDescriptor descriptor in All)
            {
                if (descriptor.Id == id)
                {
                    return descriptor;
                }
            }
            return InternalError;
        }

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                Category,
                severity,
                isEnabledByDefault: true,
                helpLinkUri: Torsion.Shared.DiagnosticHelp.LinkFor(id));
    }
}
