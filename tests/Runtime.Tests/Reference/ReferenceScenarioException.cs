using System;

namespace Torsion.Tests.Reference;

/// <summary>The scenario file is malformed: a bug in a scenario, not in Torsion or Twisted.</summary>
internal sealed class ReferenceScenarioException : Exception
{
    public ReferenceScenarioException(string message)
        : base(message)
    {
    }
}
