using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>The members that block the calling thread, resolved once per compilation.</summary>
internal sealed class BlockingMembers
{
    private readonly INamedTypeSymbol? _thread;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _taskOfT;
    private readonly INamedTypeSymbol? _taskAwaiter;
    private readonly INamedTypeSymbol? _taskAwaiterOfT;

    private BlockingMembers(Compilation compilation)
    {
        _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        _taskAwaiter = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter");
        _taskAwaiterOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter`1");
    }

    /// <summary>True when none of the blocking types exists (nothing to look for).</summary>
    public bool IsEmpty => _thread is null && _task is null;

    public static BlockingMembers Create(Compilation compilation) => new(compilation);

    /// <summary>True when calling or reading <paramref name="member"/> blocks the thread.</summary>
    public bool IsBlocking(ISymbol member)
    {
        INamedTypeSymbol type = member.ContainingType.OriginalDefinition;
        string name = member.Name;
        if (Same(type, _thread))
        {
            return name is "Sleep" or "Join";
        }

        if (Same(type, _task) || Same(type, _taskOfT))
        {
            return name is "Wait" or "WaitAll" or "WaitAny" or "RunSynchronously" || (name == "Result" && member is IPropertySymbol);
        }

        if (Same(type, _taskAwaiter) || Same(type, _taskAwaiterOfT))
        {
            return name == "GetResult";
        }

        return false;
    }

    private static bool Same(INamedTypeSymbol type, INamedTypeSymbol? known)
        => known is not null && SymbolEqualityComparer.Default.Equals(type, known);
}
