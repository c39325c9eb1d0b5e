namespace Torsion.Analyzers.Blocking;

/// <summary>Whether a table entry lists methods or properties (a property blocks when read).</summary>
internal enum BlockingMemberKind
{
    /// <summary>The names are methods; every overload blocks.</summary>
    Method,

    /// <summary>The names are properties whose getter blocks.</summary>
    Property,
}
