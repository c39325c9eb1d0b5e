using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Torsion.Tests.Packaging;

namespace Torsion.Tests.Reference;

/// <summary>
/// One recording of Twisted's output (a <c>*.twisted.txt</c> file), made by
/// tools/record-twisted-references.sh from a Python reference script checked in next to it; the
/// differential and Tour tests compare Torsion with these recordings, so they need no Python.
/// </summary>
/// <remarks>
/// Format (the script's header documents it too): a header of lines starting with <c>#</c> —
/// <c># twisted: VERSION</c>, <c># python: VERSION</c> and one <c># source: PATH sha256:HEX</c> per
/// input file (path from the repository root, hash of the file with carriage returns removed); other
/// header lines are comments. Then blocks: <c>=== NAME</c>, the trace lines verbatim, <c>=== end</c>.
/// </remarks>
internal sealed class RecordedTraceFile
{
    private static readonly ConcurrentDictionary<string, Lazy<RecordedTraceFile>> s_loaded = new(StringComparer.Ordinal);

    private RecordedTraceFile(string path, string twistedVersion, string pythonVersion, IReadOnlyList<RecordedSource> sources, IReadOnlyDictionary<string, List<string>> traces, IReadOnlyList<string> names)
    {
        Path = path;
        TwistedVersion = twistedVersion;
        PythonVersion = pythonVersion;
        Sources = sources;
        Traces = traces;
        Names = names;
    }

    /// <summary>The file's path from the repository root, with '/' separators.</summary>
    public string Path { get; }

    /// <summary>The Twisted version that printed the traces (e.g. "22.4.0").</summary>
    public string TwistedVersion { get; }

    /// <summary>The Python version that ran the reference script.</summary>
    public string PythonVersion { get; }

    /// <summary>The files the recording was made from, with their hashes at the time.</summary>
    public IReadOnlyList<RecordedSource> Sources { get; }

    /// <summary>The trace of every block, by name.</summary>
    public IReadOnlyDictionary<string, List<string>> Traces { get; }

    /// <summary>The block names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every recording in the repository, as paths from its root, sorted.</summary>
    public static IReadOnlyList<string> All()
    {
        string root = RepositoryLayout.Root;
        var paths = new List<string>();
        foreach (string file in Directory.EnumerateFiles(System.IO.Path.Combine(root, "tests"), "*.twisted.txt", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal))
            {
                paths.Add(relative);
            }
        }

        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    /// <summary>Reads (once per test run) the recording at <paramref name="path"/>, a path from the repository root.</summary>
    /// <exception cref="FileNotFoundException">There is no such recording.</exception>
    /// <exception cref="InvalidDataException">The file does not follow the format.</exception>
    public static RecordedTraceFile Load(string path)
        => s_loaded.GetOrAdd(path, p => new Lazy<RecordedTraceFile>(() =>
        {
            string full = System.IO.Path.Combine(RepositoryLayout.Root, p);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException(
                    "The recording " + p + " does not exist: run tools/record-twisted-references.sh (needs Twisted) and commit what it writes.", full);
            }

            return Parse(p, File.ReadAllText(full));
        })).Value;

    /// <summary>Parses the text of a recording; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The text does not follow the format.</exception>
    public static RecordedTraceFile Parse(string path, string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        string? twisted = null;
        string? python = null;
        var sources = new List<RecordedSource>();
        int index = 0;
        for (; index < count && lines[index].StartsWith('#'); index++)
        {
            string line = lines[index];
            if (TryValue(line, "twisted", out string? value))
            {
                twisted = value;
            }
            else if (TryValue(line, "python", out value))
            {
                python = value;
            }
            else if (TryValue(line, "source", out value))
            {
                int split = value.LastIndexOf(" sha256:", StringComparison.Ordinal);
                if (split <= 0 || value.Length - split - " sha256:".Length != 64)
                {
                    throw Error(path, index, "expected '# source: PATH sha256:HEX', found '" + line + "'");
                }

                sources.Add(new RecordedSource(value[..split], value[(split + " sha256:".Length)..]));
            }
        }

        if (twisted is null || python is null)
        {
            throw Error(path, index, "the header names no " + (twisted is null ? "'# twisted: VERSION'" : "'# python: VERSION'") + " line");
        }

        var traces = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var names = new List<string>();
        string? current = null;
        List<string>? trace = null;
        for (; index < count; index++)
        {
            string line = lines[index];
            if (trace is not null)
            {
                if (line == "=== end")
                {
                    traces.Add(current!, trace);
                    names.Add(current!);
                    current = null;
                    trace = null;
                }
                else
                {
                    trace.Add(line);
                }
            }
            else if (line.StartsWith("=== ", StringComparison.Ordinal) && line != "=== end")
            {
                current = line[4..];
                if (traces.ContainsKey(current))
                {
                    throw Error(path, index, "block '" + current + "' is recorded twice");
                }

                trace = new List<string>();
            }
            else
            {
                throw Error(path, index, "expected '=== NAME' to start a block, found '" + line + "'");
            }
        }

        if (current is not null)
        {
            throw Error(path, count, "block '" + current + "' has no '=== end' line");
        }

        return new RecordedTraceFile(path, twisted, python, sources, traces, names);
    }

    /// <summary>The SHA-256 (lowercase hex) of a file with its carriage returns removed, as the recording script computes it.</summary>
    public static string HashOf(string fullPath)
    {
        byte[] bytes = File.ReadAllBytes(fullPath);
        byte[] withoutCarriageReturns = Array.FindAll(bytes, b => b != (byte)'\r');
        return Convert.ToHexStringLower(SHA256.HashData(withoutCarriageReturns));
    }

    private static bool TryValue(string line, string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        string prefix = "# " + key + ": ";
        value = line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].Trim() : null;
        return value is not null;
    }

    private static InvalidDataException Error(string path, int index, string message)
        => new(path + ", line " + (index + 1) + ": " + message + ". Recordings are written by tools/record-twisted-references.sh; re-run it rather than editing them.");
}
