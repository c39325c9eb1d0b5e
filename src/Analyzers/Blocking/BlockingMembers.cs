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
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _blockingAttribute;
    private UserAnalysisData _user = UserAnalysisData.Empty;

    private BlockingMembers(Dictionary<INamedTypeSymbol, List<BlockingMemberEntry>> byType, ImmutableArray<INamedTypeSymbol> inMemoryStreams, Compilation compilation)
    {
        _byType = byType;
        _inMemoryStreams = inMemoryStreams;
        _compilation = compilation;
        _blockingAttribute = compilation.GetTypeByMetadataName(TorsionSymbols.BlockingAttribute);
    }

    /// <summary>True when no type of the table exists in the compilation and nothing else can mark a member blocking.</summary>
    public bool IsEmpty => _byType.Count == 0 && _blockingAttribute is null && _user.IsEmpty;

    /// <summary>This table with the user's additions and removals (<see cref="UserAnalysisData"/>).</summary>
    public BlockingMembers With(UserAnalysisData user)
        => user.IsEmpty ? this : new BlockingMembers(_byType, _inMemoryStreams, _compilation) { _user = user };

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

        return new BlockingMembers(byType, inMemory.ToImmutable(), compilation);
    }

    /// <summary>
    /// True when calling or reading <paramref name="member"/> on a receiver of static type
    /// <paramref name="receiverType"/> (null for a static member) blocks the thread.
    /// </summary>
    public bool IsBlocking(ISymbol member, ITypeSymbol? receiverType)
    {
        if (member is IMethodSymbol { ReducedFrom: { } reduced })
        {
            member = reduced;
        }

        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (_user.IsNonBlocking(current))
            {
                return false;
            }

            if (_user.IsBlocking(current) || (_blockingAttribute is not null && ReactorApis.HasAttribute(current.OriginalDefinition, _blockingAttribute)))
            {
                return true;
            }

            if (IsListed(current, receiverType))
            {
                return !IsInMemoryStream(receiverType);
            }
        }

        return false;
    }

    private bool IsListed(ISymbol member, ITypeSymbol? receiverType)
    {
        if (member.ContainingType is null || !_byType.TryGetValue(member.ContainingType.OriginalDefinition, out List<BlockingMemberEntry>? entries))
        {
            return false;
        }

        BlockingMemberKind kind = member is IPropertySymbol ? BlockingMemberKind.Property : BlockingMemberKind.Method;
        foreach (BlockingMemberEntry entry in entries)
        {
            if (entry.Kind == kind && entry.Names.Contains(member.Name)
                && (!entry.PathOnly || member is IMethodSymbol { Parameters.Length: > 0 } pathMethod && pathMethod.Parameters[0].Type.SpecialType == SpecialType.System_String)
                && (entry.ReceiverMetadataName is null || DerivesFrom(receiverType, entry.ReceiverMetadataName)))
            {
                return true;
            }
        }

        return false;
    }

    private bool DerivesFrom(ITypeSymbol? type, string metadataName)
    {
        INamedTypeSymbol? wanted = _compilation.GetTypeByMetadataName(metadataName);
        for (ITypeSymbol? current = type; current is not null && wanted is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, wanted))
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
