using System;
using System.Collections.Generic;
using System.Text;

namespace Torsion.Interop.Tests.Peers;

/// <summary>What a peer program did: its command line, exit code and everything it printed.</summary>
/// <param name="CommandLine">The program and its arguments, for messages.</param>
/// <param name="ExitCode">The exit code (after a kill: whatever the killed process reported).</param>
/// <param name="StandardOutput">Standard output, exactly as decoded (UTF-8).</param>
/// <param name="StandardError">Standard error (UTF-8).</param>
public sealed record PeerResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output split into lines ("\r\n" or "\n"), without the empty string after a final newline.</summary>
    public IReadOnlyList<string> Lines => SplitLines(StandardOutput);

    /// <summary>Splits <paramref name="text"/> into lines, dropping the empty string after a final newline.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = new List<string>(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>A readable account of the run, for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(CommandLine);
        text.Append("exit code ").AppendLine(ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.AppendLine("--- standard output").Append(StandardOutput);
        if (StandardOutput.Length > 0 && !StandardOutput.EndsWith('\n'))
        {
            text.AppendLine();
        }

        text.AppendLine("--- standard error").Append(StandardError);
        return text.ToString();
    }
}
