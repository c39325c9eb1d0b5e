using Torsion.Generators.Tests.Infrastructure;

namespace Torsion.Generators.Tests.Behaviour;

/// <summary>Compiles <see cref="BehaviourSource"/> once for all behaviour tests.</summary>
public sealed class BehaviourFixture
{
    internal LoadedCode Code { get; } = new(GeneratorHarness.Run(BehaviourSource.Text, BehaviourSource.Path).Load());
}

[CollectionDefinition(Name)]
public sealed class BehaviourCollection : ICollectionFixture<BehaviourFixture>
{
    public const string Name = "Generated behaviour";
}
