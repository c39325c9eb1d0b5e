using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Torsion.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with a checked-in baseline <c>Snapshots/&lt;name&gt;.verified.cs</c>. Fails on
/// any difference and on a missing baseline (writing <c>&lt;name&gt;.received.cs</c> next to it for review).
/// Baselines are (re)written only when the environment variable <c>TORSION_ACCEPT_SNAPSHOTS=1</c> is set.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "TORSION_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(received, actual);
            Assert.Fail("No baseline " + verified + ". Review " + received + " and run the tests with " + AcceptVariable + "=1 to accept it.");
        }

        string expected = Normalize(File.ReadAllText(verified));
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail(
            "Generated source differs from " + verified + " at line " + (line + 1) + ":" + Environment.NewLine
            + "  expected: " + (line < expectedLines.Length ? expectedLines[line] : "<end of file>") + Environment.NewLine
            + "  actual:   " + (line < actualLines.Length ? actualLines[line] : "<end of file>") + Environment.NewLine
            + "Review " + received + "; run with " + AcceptVariable + "=1 to accept.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
