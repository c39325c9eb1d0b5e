using System.Collections.Immutable;

namespace Torsion.Analyzers.Blocking;

/// <summary>A named group of the table (the groups of docs/diagnostics/TRS2001.md).</summary>
internal sealed class BlockingMemberGroup
{
    /// <summary>Creates a group.</summary>
    public BlockingMemberGroup(string name, params BlockingMemberEntry[] entries)
    {
        Name = name;
        Entries = ImmutableArray.Create(entries);
    }

    /// <summary>The group's heading.</summary>
    public string Name { get; }

    /// <summary>The group's types and members.</summary>
    public ImmutableArray<BlockingMemberEntry> Entries { get; }
}
