using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace Torsion.Tests.Reference;

/// <summary>
/// Finds and parses the scenario files shared with the Twisted interpreter
/// (tests/Runtime.Tests/Reference/scenarios/: scenarios.txt, whose header describes the language,
/// and divergences.txt). The files are read from the source tree, found by walking up from the
/// test's output directory.
/// </summary>
internal static class ReferenceScenarioFile
{
    /// <summary>The folder holding scenarios.txt, divergences.txt, their recordings and twisted_interpreter.py.</summary>
    public static string Directory { get; } = FindScenarioDirectory();

    /// <summary>The scenarios Torsion must run exactly as Twisted does.</summary>
    public const string Matching = "scenarios.txt";

    /// <summary>The scenarios where Torsion knowingly differs from Twisted.</summary>
    public const string Divergences = "divergences.txt";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<ReferenceScenario>>> s_files = new(StringComparer.Ordinal);

    /// <summary>The full path of one of the scenario files.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>All scenarios of <paramref name="fileName"/>, in file order.</summary>
    public static IReadOnlyList<ReferenceScenario> Load(string fileName)
        => s_files.GetOrAdd(fileName, name => new Lazy<IReadOnlyList<ReferenceScenario>>(() => Parse(File.ReadAllLines(PathOf(name))))).Value;

    /// <summary>Parses the scenario language's file format: "== NAME" headers, one statement per line, "#" comments.</summary>
    public static IReadOnlyList<ReferenceScenario> Parse(IEnumerable<string> lines)
    {
        var scenarios = new List<ReferenceScenario>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        List<string[]>? statements = null;
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("==", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    scenarios.Add(new ReferenceScenario(name, statements!));
                }

                name = line[2..].Trim();
                if (!names.Add(name))
                {
                    throw new ReferenceScenarioException("line " + number + ": scenario '" + name + "' is defined twice");
                }

                statements = new List<string[]>();
                continue;
            }

            if (statements is null)
            {
                throw new ReferenceScenarioException("line " + number + ": statement before the first scenario");
            }

            statements.Add(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        if (name is not null)
        {
            scenarios.Add(new ReferenceScenario(name, statements!));
        }

        return scenarios;
    }

    private static string FindScenarioDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Torsion.sln")))
            {
                string scenarios = Path.Combine(directory.FullName, "tests", "Runtime.Tests", "Reference", "scenarios");
                if (!System.IO.Directory.Exists(scenarios))
                {
                    throw new DirectoryNotFoundException("The repository at " + directory.FullName + " has no " + scenarios + ".");
                }

                return scenarios;
            }
        }

        throw new DirectoryNotFoundException(
            "Could not find the repository root (a folder with Torsion.sln) above " + AppContext.BaseDirectory
            + "; the differential tests read their scenarios from the source tree.");
    }
}
