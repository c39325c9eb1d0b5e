using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// The members of <see cref="BlockingMemberTable"/> that exist in one compilation, resolved once per
/// compilation; answers whether a called method or read property blocks the thread.
/// </summary>
internal sealed class BlockingMembers
{
    private readonly Dictionary<INamedTypeSymbol, List<BlockingMemberEntry>> _byType;
    private readonly ImmutableArray<INamedTypeSymbol> _inMemoryStreams;

    private BlockingMembers(Dictionary<INamedTypeSymbol, List<BlockingMemberEntry>> byType, ImmutableArray<INamedTypeSymbol> inMemoryStreams)
    {
        _byType = byType;
        _inMemoryStreams = inMemoryStreams;
    }

    /// <summary>True when no type of the table exists in the compilation (nothing to look for).</summary>
    public bool IsEmpty => _byType.Count == 0;

    /// <summary>One resolved table per compilation, shared by the analyzer and its code fix.</summary>
    private static readonly ConditionalWeakTable<Compilation, BlockingMembers> s_byCompilation = new();

    /// <summary>
    /// The table's members as they exist in <paramref name="compilation"/> (missing types are skipped),
    /// resolved on the first call for that compilation.
    /// </summary>
    public static BlockingMembers For(Compilation compilation) => s_byCompilation.GetValue(compilation, Resolve);

    private static BlockingMembers Resolve(Compilation compilation)
    {
        var byType = new Dictionary<INamedTypeSymbol, List<BlockingMemberEntry>>(SymbolEqualityComparer.Default);
        foreach (BlockingMemberGroup group in BlockingMemberTable.Groups)
        {
            foreach (BlockingMemberEntry entry in group.Entries)
            {
                if (compilation.GetTypeByMetadataName(entry.TypeMetadataName) is { } type)
                {
                    if (!byType.TryGetValue(type, out List<BlockingMemberEntry>? entries))
                    {
                        entries = new List<BlockingMemberEntry>();
                        byType.Add(type, entries);
                    }

                    entries.Add(entry);
                }
            }
        }

        var inMemory = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (string name in BlockingMemberTable.InMemoryStreams)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                inMemory.Add(type);
            }
        }

        return new BlockingMembers(byType, inMemory.ToImmutable());
    }

    /// <summary>
    /// True when calling or reading <paramref name="member"/> on a receiver of static type
    /// <paramref name="receiverType"/> (null for a static member) blocks the thread.
    /// </summary>
    public bool IsBlocking(ISymbol member, ITypeSymbol? receiverType)
    {
        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (IsListed(current))
            {
                return !IsInMemoryStream(receiverType);
            }
        }

        return false;
    }

    private bool IsListed(ISymbol member)
    {
        if (member.ContainingType is null || !_byType.TryGetValue(member.ContainingType.OriginalDefinition, out List<BlockingMemberEntry>? entries))
        {
            return false;
        }

        BlockingMemberKind kind = member is IPropertySymbol ? BlockingMemberKind.Property : BlockingMemberKind.Method;
        foreach (BlockingMemberEntry entry in entries)
        {
            if (entry.Kind == kind && entry.Names.Contains(member.Name))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsInMemoryStream(ITypeSymbol? receiverType)
    {
        for (ITypeSymbol? type = receiverType; type is not null; type = type.BaseType)
        {
            foreach (INamedTypeSymbol inMemory in _inMemoryStreams)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, inMemory))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
