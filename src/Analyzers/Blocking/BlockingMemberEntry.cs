using System.Collections.Immutable;

namespace Torsion.Analyzers.Blocking;

/// <summary>One type of the blocking-member table and the names of its blocking members.</summary>
internal sealed class BlockingMemberEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="typeMetadataName">The type's metadata name (<c>Namespace.Type`1+Nested</c>).</param>
    /// <param name="kind">Whether <paramref name="names"/> are methods or properties.</param>
    /// <param name="names">The blocking members' names.</param>
    public BlockingMemberEntry(string typeMetadataName, BlockingMemberKind kind, params string[] names)
    {
        TypeMetadataName = typeMetadataName;
        Kind = kind;
        Names = ImmutableArray.Create(names);
    }

    /// <summary>The type's metadata name, as <c>Compilation.GetTypeByMetadataName</c> takes it.</summary>
    public string TypeMetadataName { get; }

    /// <summary>Whether <see cref="Names"/> are methods or properties.</summary>
    public BlockingMemberKind Kind { get; }

    /// <summary>The blocking members' names.</summary>
    public ImmutableArray<string> Names { get; }
}
