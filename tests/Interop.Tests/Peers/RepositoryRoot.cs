using System;
using System.IO;

namespace Torsion.Interop.Tests.Peers;

/// <summary>Finds the repository (the nearest folder holding Torsion.sln) from the tests' output directory.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_path = new(Find);

    /// <summary>The repository root's full path.</summary>
    /// <exception cref="DirectoryNotFoundException">No parent folder of the output directory holds Torsion.sln.</exception>
    public static string Path => s_path.Value;

    /// <summary>The full path of <paramref name="relative"/>, a path from the repository root with '/' separators.</summary>
    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Torsion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Torsion.sln was not found above " + AppContext.BaseDirectory + ".");
    }
}
