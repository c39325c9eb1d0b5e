using System.Collections.Generic;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// Collects the lines of the rewritten body with indentation. A try region's resume dispatch is only
    /// known once the whole body has been lowered, so it is reserved as a <see cref="DispatchSlot"/> and
    /// filled in at the end.
    /// </summary>
    internal sealed class CodeBuilder
    {
        private readonly List<object> _items = new List<object>();
        private int _indent;

        public int Indent => _indent;

        public void PushIndent() => _indent++;

        public void PopIndent() => _indent--;

        /// <summary>A line of code at the current indentation.</summary>
        public void Line(string text) => _items.Add(Pad(_indent) + text);

        /// <summary>A line written as is (preprocessor directives start in column 0).</summary>
        public void Raw(string text) => _items.Add(text);

        /// <summary>A label, one level left of the code it marks; a label needs a statement, hence the ';'.</summary>
        public void Label(string name) => _items.Add(Pad(_indent > 0 ? _indent - 1 : 0) + "  " + name + ": ;");

        /// <summary>
        /// Reserves the place of a dispatch; <paramref name="lineDirective"/> (a <c>#line</c> naming the
        /// user's construct) maps it, so that a stack frame the runtime attributes to the start of the
        /// region (a finally block that throws, say) shows the user's line, not a generated one.
        /// </summary>
        public DispatchSlot ReserveDispatch(string? lineDirective = null)
        {
            var slot = new DispatchSlot(_indent, lineDirective);
            _items.Add(slot);
            return slot;
        }

        public List<string> ToLines()
        {
            var lines = new List<string>();
            foreach (object item in _items)
            {
                if (item is DispatchSlot slot)
                {
                    lines.AddRange(slot.Lines);
                }
                else
                {
                    lines.Add((string)item);
                }
            }
            return lines;
        }

        public static string Pad(int indent) => new string(' ', indent * 4);

        /// <summary>The resume dispatch of one region (the body or a try block), written after lowering.</summary>
        internal sealed class DispatchSlot
        {
            private readonly string? _lineDirective;

            public DispatchSlot(int indent, string? lineDirective)
            {
                IndentLevel = indent;
                _lineDirective = lineDirective;
            }

            public int IndentLevel { get; }

            public List<string> Lines { get; } = new List<string>();

            public void Write(IReadOnlyList<KeyValuePair<string, List<int>>> targets)
            {
                if (targets.Count == 0)
                {
                    return;
                }
                string pad = Pad(IndentLevel);
                Lines.Add(pad + "// Resume: jump back to where the method was waiting.");
                if (_lineDirective != null)
                {
                    Lines.Add(_lineDirective);
                }
                Lines.Add(pad + "switch (__m.State)");
                Lines.Add(pad + "{");
                foreach (KeyValuePair<string, List<int>> target in targets)
                {
                    foreach (int state in target.Value)
                    {
                        Lines.Add(pad + "    case " + state + ":");
                    }
                    Lines.Add(pad + "        goto " + target.Key + ";");
                }
                Lines.Add(pad + "}");
                if (_lineDirective != null)
                {
                    Lines.Add("#line hidden");
                }
            }
        }
    }
}
