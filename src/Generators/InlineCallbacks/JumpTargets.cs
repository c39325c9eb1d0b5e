namespace Torsion.Generators.InlineCallbacks
{
    /// <summary>The generated labels that <c>break</c> and <c>continue</c> go to inside a lowered loop or switch.</summary>
    internal sealed class JumpTargets
    {
        public JumpTargets(string? breakLabel, string? continueLabel)
        {
            BreakLabel = breakLabel;
            ContinueLabel = continueLabel;
        }

        public string? BreakLabel { get; }

        public string? ContinueLabel { get; }
    }
}
