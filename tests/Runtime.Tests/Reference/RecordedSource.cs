namespace Torsion.Tests.Reference;

/// <summary>An input file of a recording: its path from the repository root and its SHA-256 when recorded.</summary>
internal sealed record RecordedSource(string Path, string Sha256);
