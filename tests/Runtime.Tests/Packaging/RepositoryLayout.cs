using System;
using System.IO;

namespace Torsion.Tests.Packaging;

/// <summary>Finds the repository from a test's output directory.</summary>
internal static class RepositoryLayout
{
    /// <summary>The repository root: the nearest parent directory holding Torsion.sln.</summary>
    public static string Root
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Torsion.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Torsion.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The build configuration the tests were built in (Debug or Release), read from the output path.</summary>
    public static string Configuration
        => AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
}
