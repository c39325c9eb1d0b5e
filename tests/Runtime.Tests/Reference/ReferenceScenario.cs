using System.Collections.Generic;

namespace Torsion.Tests.Reference;

/// <summary>One scenario of scenarios/scenarios.txt: a name and its statements, each split into tokens.</summary>
internal sealed class ReferenceScenario
{
    public ReferenceScenario(string name, IReadOnlyList<string[]> statements)
    {
        Name = name;
        Statements = statements;
    }

    public string Name { get; }

    public IReadOnlyList<string[]> Statements { get; }
}
