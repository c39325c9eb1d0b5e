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
    /// <see cref="Cached"/>: a variable nothing but the body method itself can reach while that method
    /// runs (no closure, no address taken, not a using resource). The body method keeps it in an
    /// ordinary local (<see cref="LocalName"/>), loaded from the field on entry and stored back before
    /// each return that suspends, so the JIT can keep it in a register instead of the heap.
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

        /// <summary>Whether the body method keeps the variable in a local between suspensions (see the class summary).</summary>
        public bool Cached { get; set; }

        /// <summary>The local of the body method that holds a <see cref="Cached"/> variable: <c>__x_local</c>.</summary>
        public string LocalName => "__" + FieldName.TrimStart('@') + "_local";

        /// <summary>The field on the machine: <c>__m.x</c>.</summary>
        public string Field => "__m." + FieldName;

        /// <summary>Where the value is read and written from the body: <c>__x_local</c>, <c>__m.x</c> or <c>__m.x.Value</c>.</summary>
        public string Access => Boxed ? Field + ".Value" : Cached ? LocalName : Field;
    }
}
