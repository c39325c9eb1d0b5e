namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// A local or parameter of the user's body that lives in a field of the state machine.
    /// <see cref="PerIteration"/>: declared inside a loop, so C# would give each iteration its own variable.
    /// </summary>
    internal sealed class HoistedVariable
    {
        public HoistedVariable(string fieldName, bool perIteration)
        {
            FieldName = fieldName;
            PerIteration = perIteration;
        }

        public string FieldName { get; }

        public bool PerIteration { get; }
    }
}
