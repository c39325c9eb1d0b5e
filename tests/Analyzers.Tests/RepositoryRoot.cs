using System;
using System.IO;

namespace Torsion.Analyzers.Tests;

/// <summary>Finds the repository from the test's output directory (for checks against the docs).</summary>
internal static class RepositoryRoot
{
    /// <summary>The nearest parent directory of the test output that holds Torsion.sln.</summary>
    public static string Path
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "Torsion.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Torsion.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
