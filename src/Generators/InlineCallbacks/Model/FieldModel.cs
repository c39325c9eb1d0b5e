namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// A field of the generated state machine: a hoisted local of the user's body or a compiler temporary
    /// (an enumerator, a resource). <see cref="Comment"/> says where it comes from.
    /// </summary>
    internal sealed record FieldModel(string Type, string Name, string Comment);
}
