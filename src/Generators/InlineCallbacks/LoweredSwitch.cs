using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>
    /// A switch statement that was lowered to labels: where <c>goto default</c> and <c>goto case c</c> go.
    /// </summary>
    internal sealed class LoweredSwitch
    {
        private readonly List<KeyValuePair<object?, string>> _cases = new List<KeyValuePair<object?, string>>();

        public string? DefaultLabel { get; set; }

        public void AddCase(Optional<object?> constant, string label)
        {
            if (constant.HasValue)
            {
                _cases.Add(new KeyValuePair<object?, string>(constant.Value, label));
            }
        }

        public string? FindCaseLabel(Optional<object?> constant)
        {
            if (!constant.HasValue)
            {
                return null;
            }
            foreach (KeyValuePair<object?, string> entry in _cases)
            {
                if (Equals(entry.Key, constant.Value))
                {
                    return entry.Value;
                }
            }
            return null;
        }
    }
}
