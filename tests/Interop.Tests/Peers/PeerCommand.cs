using System;
using System.Collections.Generic;
using System.Linq;

namespace Torsion.Interop.Tests.Peers;

/// <summary>A peer program to run: the program, its arguments, and optionally its folder and environment.</summary>
/// <param name="Program">The program: a full path, or a name looked up on PATH.</param>
/// <param name="Arguments">Its arguments, passed as they are (no shell quoting).</param>
public sealed record PeerCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The folder the program starts in; null for the tests' current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Environment variables to set (a null value removes the variable); everything else is inherited.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The command as one line, for messages (arguments with spaces in quotes).</summary>
    public string CommandLine
        => string.Join(' ', new[] { Program }.Concat(Arguments).Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a));

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> in its environment.</summary>
    public PeerCommand WithEnvironment(string name, string? value)
    {
        var environment = new Dictionary<string, string?>(Environment, StringComparer.Ordinal) { [name] = value };
        return this with { Environment = environment };
    }
}
