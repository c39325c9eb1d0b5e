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
        : this(typeMetadataName, kind, receiverMetadataName: null, pathOnly: false, names)
    {
    }

    /// <summary>Creates an entry with a condition on the receiver or the arguments.</summary>
    /// <param name="typeMetadataName">The type's metadata name (<c>Namespace.Type`1+Nested</c>).</param>
    /// <param name="kind">Whether <paramref name="names"/> are methods or properties.</param>
    /// <param name="receiverMetadataName">When not null, the members block only on a receiver of this type or a type derived from it.</param>
    /// <param name="pathOnly">When true, only the overloads whose first parameter is a <c>string</c> (a file path or URI) block.</param>
    /// <param name="names">The blocking members' names.</param>
    public BlockingMemberEntry(string typeMetadataName, BlockingMemberKind kind, string? receiverMetadataName, bool pathOnly, params string[] names)
    {
        TypeMetadataName = typeMetadataName;
        Kind = kind;
        ReceiverMetadataName = receiverMetadataName;
        PathOnly = pathOnly;
        Names = ImmutableArray.Create(names);
    }

    /// <summary>The type's metadata name, as <c>Compilation.GetTypeByMetadataName</c> takes it.</summary>
    public string TypeMetadataName { get; }

    /// <summary>Whether <see cref="Names"/> are methods or properties.</summary>
    public BlockingMemberKind Kind { get; }

    /// <summary>When not null, the members block only on a receiver of this type (or derived from it).</summary>
    public string? ReceiverMetadataName { get; }

    /// <summary>When true, only the overloads whose first parameter is a <c>string</c> (a path) block.</summary>
    public bool PathOnly { get; }

    /// <summary>The blocking members' names.</summary>
    public ImmutableArray<string> Names { get; }
}
