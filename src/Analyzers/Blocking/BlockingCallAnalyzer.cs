using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Torsion.Shared;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// TRS2001: flags calls that block the thread (<c>Thread.Sleep</c>, <c>Task.Wait</c>,
/// <c>Task.Result</c>, synchronous file, stream and socket I/O, waiting primitives ...; the list is
/// <see cref="BlockingMemberTable"/>, plus <c>[Blocking]</c> methods and the user's additional file)
/// in code that runs on the reactor thread, and calls in such code to the compilation's own methods
/// that reach one through any depth of calls. Reactor code is found by following values
/// (<see cref="BodyScanner"/>): delegates given to Torsion's callback and scheduling APIs directly,
/// through locals or as method groups and local functions; <c>async Deferred</c>,
/// <c>[InlineCallbacks]</c> and <c>[RunsOnReactor]</c> methods; methods of protocol and factory
/// types; lambdas run inside any of these. One blocked callback stalls every connection.
/// </summary>
/// <remarks>
/// What one member's body shows is reported while that member is analyzed (so editors show it at
/// once); what needs the whole compilation's call graph (<see cref="ReactorGraph"/>) is reported at
/// the compilation's end, with a descriptor of the same ID tagged as a compilation-end diagnostic.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    private const string Title = "Blocking call on the reactor thread";
    private const string Message = "{0} blocks the thread, and {1} runs on the reactor thread; wait with a Deferred instead (DeferLater, DeferToThread or await)";
    private const string Description = "Code that runs on the reactor must never block: while it waits, no other event is handled.";

    /// <summary>The rule this analyzer reports.</summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.BlockingCallOnReactor,
        title: Title,
        messageFormat: Message,
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: Description,
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.BlockingCallOnReactor));

    /// <summary>The same rule, for what only the whole compilation's call graph shows.</summary>
    internal static readonly DiagnosticDescriptor CompilationEndRule = new(
        id: DiagnosticIds.BlockingCallOnReactor,
        title: Title,
        messageFormat: Message,
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: Description,
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.BlockingCallOnReactor),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    private const string DeadlockTitle = "BlockingCallFromThread on the reactor thread";
    private const string DeadlockMessage = "'BlockingCallFromThread' waits for the reactor thread, and {0} runs on the reactor thread: the call can never complete (it throws NotOnReactorThreadException); return a Deferred instead, or call it from a thread-pool thread";
    private const string DeadlockDescription = "BlockingCallFromThread is for code on other threads: it schedules a function on the reactor and blocks until it is done, which on the reactor thread itself cannot happen.";

    /// <summary>TRS2007: BlockingCallFromThread in reactor code (a certain deadlock, refused at run time).</summary>
    internal static readonly DiagnosticDescriptor DeadlockRule = new(
        id: DiagnosticIds.BlockingCallFromThreadOnReactor,
        title: DeadlockTitle,
        messageFormat: DeadlockMessage,
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: DeadlockDescription,
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.BlockingCallFromThreadOnReactor));

    /// <summary>TRS2007, for what only the whole compilation's call graph shows.</summary>
    internal static readonly DiagnosticDescriptor CompilationEndDeadlockRule = new(
        id: DiagnosticIds.BlockingCallFromThreadOnReactor,
        title: DeadlockTitle,
        messageFormat: DeadlockMessage,
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: DeadlockDescription,
        helpLinkUri: DiagnosticHelp.LinkFor(DiagnosticIds.BlockingCallFromThreadOnReactor),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>The member name (as in <see cref="BlockingSite.Member"/>) that TRS2007 reports instead of TRS2001.</summary>
    private const string BlockingCallFromThread = "'ReactorThreadExtensions.BlockingCallFromThread'";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics
        => ImmutableArray.Create(Rule, CompilationEndRule, DeadlockRule, CompilationEndDeadlockRule);

    private static Diagnostic Create(bool atEnd, Location location, string blocking, string where)
        => blocking == BlockingCallFromThread
            ? Diagnostic.Create(atEnd ? CompilationEndDeadlockRule : DeadlockRule, location, where)
            : Diagnostic.Create(atEnd ? CompilationEndRule : Rule, location, blocking, where);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var user = new UserAnalysisData(start.Options.AdditionalFiles, start.Compilation, start.CancellationToken);
            BlockingMembers blocking = BlockingMembers.For(start.Compilation).With(user);
            if (blocking.IsEmpty)
            {
                return;
            }

            var apis = new ReactorApis(start.Compilation, user);
            var methods = new ReactorMethods(start.Compilation);
            var graph = new ReactorGraph();
            Compilation compilation = start.Compilation;
            start.RegisterOperationBlockAction(block =>
            {
                var scanner = new BodyScanner(blocking, apis, methods, compilation);
                scanner.Scan(block.OwningSymbol, block.OperationBlocks);
                foreach (FunctionNode node in scanner.Functions)
                {
                    if (ReactorGraph.LocalReason(node) is not { } where)
                    {
                        continue;
                    }

                    foreach (BlockingSite site in node.Sites)
                    {
                        if (!site.AfterConfigureAwaitFalse)
                        {
                            block.ReportDiagnostic(Create(atEnd: false, site.Location, "'" + site.Member + "'", where));
                        }
                    }
                }

                graph.Add(scanner);
            });
            start.RegisterCompilationEndAction(end =>
            {
                foreach ((Location location, string blockingCall, string where) in graph.Evaluate())
                {
                    end.ReportDiagnostic(Create(atEnd: true, location, blockingCall, where));
                }
            });
        });
    }
}
