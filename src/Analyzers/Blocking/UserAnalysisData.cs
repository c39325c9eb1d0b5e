using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// The user's additions to the blocking analysis, read from additional files named
/// <see cref="FileName"/> (MSBuild item <c>AdditionalFiles</c>). One entry a line, a
/// documentation-comment ID (<c>M:Namespace.Type.Method(System.String)</c>, <c>P:Namespace.Type.Property</c>;
/// a method ID without a parameter list means every overload), optionally preceded by a keyword:
/// <list type="bullet">
/// <item><c>blocking</c> (the default): the member blocks the thread;</item>
/// <item><c>nonblocking</c>: the member does not block although the built-in table says so;</item>
/// <item><c>reactor</c>: the delegates passed to the method run on the reactor thread;</item>
/// <item><c>thread</c>: the delegates passed to the method run on another thread.</item>
/// </list>
/// Text after <c>;</c> or <c>#</c> is a comment. Lines whose ID names nothing in the compilation are ignored.
/// </summary>
internal sealed class UserAnalysisData
{
    /// <summary>The additional file's name (any directory).</summary>
    public const string FileName = "TorsionBlocking.txt";

    public static readonly UserAnalysisData Empty = new(ImmutableArray<AdditionalText>.Empty, null, CancellationToken.None);

    private readonly HashSet<ISymbol> _blocking = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _nonBlocking = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, ArgumentRole> _roles = new(SymbolEqualityComparer.Default);

    public UserAnalysisData(ImmutableArray<AdditionalText> files, Compilation? compilation, CancellationToken cancellationToken)
    {
        if (compilation is null)
        {
            return;
        }

        foreach (AdditionalText file in files)
        {
            if (!string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase)
                || file.GetText(cancellationToken) is not SourceText text)
            {
                continue;
            }

            foreach (TextLine line in text.Lines)
            {
                Add(line.ToString(), compilation);
            }
        }
    }

    /// <summary>True when nothing was declared.</summary>
    public bool IsEmpty => _blocking.Count == 0 && _nonBlocking.Count == 0 && _roles.Count == 0;

    /// <summary>True when the user declared <paramref name="member"/> blocking.</summary>
    public bool IsBlocking(ISymbol member) => _blocking.Contains(member.OriginalDefinition);

    /// <summary>True when the user declared <paramref name="member"/> not blocking.</summary>
    public bool IsNonBlocking(ISymbol member) => _nonBlocking.Contains(member.OriginalDefinition);

    /// <summary>Where the user declared the delegates given to <paramref name="method"/> to run.</summary>
    public ArgumentRole RoleOf(IMethodSymbol method)
        => _roles.TryGetValue(method.OriginalDefinition, out ArgumentRole role) ? role : ArgumentRole.None;

    private void Add(string line, Compilation compilation)
    {
        int comment = line.IndexOfAny(new[] { ';', '#' });
        string entry = (comment >= 0 ? line.Substring(0, comment) : line).Trim();
        if (entry.Length == 0)
        {
            return;
        }

        string keyword = "blocking";
        int space = entry.IndexOf(' ');
        if (space > 0)
        {
            keyword = entry.Substring(0, space).ToLowerInvariant();
            entry = entry.Substring(space + 1).Trim();
        }

        foreach (ISymbol symbol in Resolve(entry, compilation))
        {
            switch (keyword)
            {
                case "blocking":
                    _blocking.Add(symbol);
                    break;
                case "nonblocking":
                    _nonBlocking.Add(symbol);
                    break;
                case "reactor" when symbol is IMethodSymbol:
                    _roles[symbol] = ArgumentRole.Reactor;
                    break;
                case "thread" when symbol is IMethodSymbol:
                    _roles[symbol] = ArgumentRole.OffReactor;
                    break;
            }
        }
    }

    /// <summary>The members an ID names; a method ID without a parameter list names every overload.</summary>
    private static IEnumerable<ISymbol> Resolve(string id, Compilation compilation)
    {
        if (id.StartsWith("M:", StringComparison.Ordinal) && id.IndexOf('(') < 0)
        {
            int dot = id.LastIndexOf('.');
            if (dot > 2)
            {
                string typeId = "T:" + id.Substring(2, dot - 2);
                string name = id.Substring(dot + 1);
                foreach (ISymbol type in DocumentationCommentId.GetSymbolsForDeclarationId(typeId, compilation))
                {
                    if (type is INamedTypeSymbol named)
                    {
                        foreach (ISymbol member in named.GetMembers(name == "#ctor" ? ".ctor" : name))
                        {
                            if (member is IMethodSymbol)
                            {
                                yield return member;
                            }
                        }
                    }
                }
            }

            yield break;
        }

        foreach (ISymbol symbol in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
        {
            yield return symbol;
        }
    }
}
