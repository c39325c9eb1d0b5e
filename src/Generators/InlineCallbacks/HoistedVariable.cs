namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// A local or parameter of the user's body that lives in a field of the state machine.
    /// <see cref="PerIteration"/>: its scope can be entered more than once per call (inside a loop, in a
    /// loop's condition, or anywhere but the body's own block when the body has a goto), and C# gives
    /// each entry its own variable.
    /// <see cref="Boxed"/>: such a variable that a closure (lambda, anonymous method, local function)
    /// captures; its field holds a fresh <c>StrongBox&lt;T&gt;</c> per entry, and each closure reaches
    /// the box of its own entry.
    /// </summary>
    internal sealed class HoistedVariable
    {
        public HoistedVariable(string fieldName, bool perIteration, bool boxed = false, string? type = null)
        {
            FieldName = fieldName;
            PerIteration = perIteration;
            Boxed = boxed;
            Type = type;
        }

        public string FieldName { get; }

        public bool PerIteration { get; }

        public bool Boxed { get; }

        /// <summary>The variable's type (for boxed variables: the box's content).</summary>
        public string? Type { get; }

        /// <summary>Where the value is read and written from the body: <c>__m.x</c> or <c>__m.x.Value</c>.</summary>
        public string Access => "__m." + FieldName + (Boxed ? ".Value" : "");
    }
}
