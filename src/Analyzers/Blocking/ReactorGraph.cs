using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// The compilation's call graph for TRS2001, filled by one <see cref="BodyScanner"/> per member while
/// the compilation is analyzed and evaluated once at its end: which functions run on the reactor
/// (their own reason, a method given to a reactor API somewhere else, or the function they are
/// written in), which functions reach a blocking call through any depth of calls (cycles included),
/// and so which calls in reactor code block, with the chain of calls that leads to the blocking member.
/// </summary>
internal sealed class ReactorGraph
{
    private readonly ConcurrentQueue<FunctionNode> _nodes = new();
    private readonly ConcurrentDictionary<ISymbol, string> _roots = new(SymbolEqualityComparer.Default);

    /// <summary>Adds what one member's scan found.</summary>
    public void Add(BodyScanner scanner)
    {
        foreach (FunctionNode node in scanner.Functions)
        {
            _nodes.Enqueue(node);
        }

        foreach ((ISymbol method, string reason) in scanner.Roots)
        {
            _roots.TryAdd(method, reason);
        }
    }

    /// <summary>
    /// Why <paramref name="node"/> runs on the reactor, judged from its own member's body alone (null
    /// when it does not, or only the rest of the compilation can tell).
    /// </summary>
    public static string? LocalReason(FunctionNode node) => Reason(node, roots: null);

    /// <summary>
    /// The diagnostics known only once every member is read: blocking calls in functions that run on
    /// the reactor because of code elsewhere, and calls in reactor code to methods that block.
    /// </summary>
    public IEnumerable<(Location Location, string Blocking, string Where)> Evaluate()
    {
        var bySymbol = new Dictionary<ISymbol, FunctionNode>(SymbolEqualityComparer.Default);
        foreach (FunctionNode node in _nodes)
        {
            bySymbol[node.Symbol] = node;
        }

        Dictionary<FunctionNode, string> chains = Chains(bySymbol);
        foreach (FunctionNode node in bySymbol.Values)
        {
            string? where = Reason(node, _roots);
            if (where is null)
            {
                continue;
            }

            if (LocalReason(node) is null)
            {
                foreach (BlockingSite site in node.Sites)
                {
                    if (!site.AfterConfigureAwaitFalse)
                    {
                        yield return (site.Location, "'" + site.Member + "'", where);
                    }
                }
            }

            foreach (CallSite call in node.Calls)
            {
                if (!call.AfterConfigureAwaitFalse && bySymbol.TryGetValue(call.Callee, out FunctionNode? callee)
                    && chains.TryGetValue(callee, out string? chain) && Reason(callee, _roots) is null)
                {
                    yield return (call.Location, "'" + callee.Name + "' (" + chain + ")", where);
                }
            }
        }
    }

    /// <summary>
    /// For every function that reaches a blocking call, the chain shown to the user
    /// (<c>LoadConfig → File.ReadAllText</c>). Computed in rounds, so each chain is a shortest one;
    /// a cycle adds nothing, and a function that runs on the reactor itself ends no chain (its own
    /// blocking calls are reported where they are).
    /// </summary>
    private Dictionary<FunctionNode, string> Chains(Dictionary<ISymbol, FunctionNode> bySymbol)
    {
        var chains = new Dictionary<FunctionNode, string>();
        foreach (FunctionNode node in bySymbol.Values)
        {
            if (FirstSite(node) is { } site)
            {
                chains[node] = node.Name + " → " + site;
            }
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            var found = new List<(FunctionNode, string)>();
            foreach (FunctionNode node in bySymbol.Values)
            {
                if (chains.ContainsKey(node) || node.Inline)
                {
                    continue;
                }

                foreach (CallSite call in AllCalls(node))
                {
                    if (!call.AfterConfigureAwaitFalse && bySymbol.TryGetValue(call.Callee, out FunctionNode? callee)
                        && callee != node && chains.TryGetValue(callee, out string? chain) && Reason(callee, _roots) is null)
                    {
                        found.Add((node, node.Name + " → " + chain));
                        break;
                    }
                }
            }

            foreach ((FunctionNode node, string chain) in found)
            {
                chains[node] = chain;
                changed = true;
            }
        }

        return chains;
    }

    /// <summary>The first blocking call that runs when <paramref name="node"/> runs (its own, or in a lambda it runs inline).</summary>
    private static string? FirstSite(FunctionNode node)
    {
        foreach (BlockingSite site in node.Sites)
        {
            if (!site.AfterConfigureAwaitFalse)
            {
                return site.Member;
            }
        }

        foreach (FunctionNode child in node.InlineChildren)
        {
            if (!child.OffReactor && child.Reason is null && FirstSite(child) is { } site)
            {
                return site;
            }
        }

        return null;
    }

    private static IEnumerable<CallSite> AllCalls(FunctionNode node)
    {
        foreach (CallSite call in node.Calls)
        {
            yield return call;
        }

        foreach (FunctionNode child in node.InlineChildren)
        {
            if (!child.OffReactor && child.Reason is null)
            {
                foreach (CallSite call in AllCalls(child))
                {
                    yield return call;
                }
            }
        }
    }

    /// <summary>Why the function runs on the reactor thread, or null; <paramref name="roots"/> null means "from its body alone".</summary>
    private static string? Reason(FunctionNode node, ConcurrentDictionary<ISymbol, string>? roots)
    {
        for (FunctionNode? current = node; current is not null; current = current.Parent)
        {
            if (current.OffReactor)
            {
                return null;
            }

            if (current.Reason is not null)
            {
                return current.Reason;
            }

            if (roots is not null && roots.TryGetValue(current.Symbol, out string? reason))
            {
                return reason;
            }

            if (!(current.Inline || current.IsLocalFunction))
            {
                return null;
            }
        }

        return null;
    }
}
