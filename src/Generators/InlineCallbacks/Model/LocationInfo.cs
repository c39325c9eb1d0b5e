using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Torsion.Generators.InlineCallbacks.Model
{
    /// <summary>
    /// Where a diagnostic points, kept as plain values: a <see cref="Location"/> holds a syntax tree and
    /// would keep old compilations alive in the incremental cache.
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
        {
            if (location is null || location.SourceTree is null)
            {
                return null;
            }
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }

        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

        public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());

        /// <summary>
        /// A location in <paramref name="compilation"/>'s syntax tree of <see cref="FilePath"/>, so that
        /// suppressions (<c>#pragma</c>, .editorconfig, <c>[SuppressMessage]</c>) apply; a path-only
        /// location when no tree has that path (it cannot be suppressed that way).
        /// </summary>
        public Location ToLocation(Compilation compilation)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath == FilePath && Span.End <= tree.Length)
                {
                    return Location.Create(tree, Span);
                }
            }
            return Location.Create(FilePath, Span, LineSpan);
        }
    }
}
