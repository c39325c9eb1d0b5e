using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Torsion.Interop.Tests.Networking;

/// <summary>
/// Runs one of the Python scripts in Networking/Peers under Debian's Twisted (/usr/bin/python3, or
/// TWISTED_PYTHON), collecting its output lines; disposing kills its process tree.
/// </summary>
public sealed class TwistedNetPeer : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TwistedNetPeer(Process process)
    {
        _process = process;
    }

    /// <summary>The interpreter: TWISTED_PYTHON, else /usr/bin/python3.</summary>
    public static string Interpreter =>
        Environment.GetEnvironmentVariable("TWISTED_PYTHON") is { Length: > 0 } chosen ? chosen : "/usr/bin/python3";

    /// <summary>Starts <paramref name="script"/> (a file name in Networking/Peers) with <paramref name="arguments"/>.</summary>
    public static TwistedNetPeer Start(string script, params string[] arguments) =>
        StartProgram(Interpreter, new[] { "-B", ScriptPath(script) }.Concat(arguments).ToArray());

    /// <summary>Starts any program (nc, a sample) with <paramref name="arguments"/>, its three streams redirected.</summary>
    public static TwistedNetPeer StartProgram(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new TwistedNetPeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (peer._lines)
                {
                    peer._lines.Add(line);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (peer._lines)
                {
                    peer._lines.Add("stderr: " + line);
                }
            }
        };
        process.Exited += (_, _) => peer._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Every line so far (stderr lines prefixed with "stderr: ").</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Waits (bounded) for the first line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    public string WaitForLine(string prefix, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            foreach (var line in Lines)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..].Trim();
                }
            }

            if (_process.HasExited && clock.Elapsed > TimeSpan.FromMilliseconds(200))
            {
                break;
            }

            System.Threading.Thread.Sleep(20);
        }

        throw new TimeoutException($"no line starting with '{prefix}' within {limit.TotalSeconds} s; output:\n{string.Join("\n", Lines)}");
    }

    /// <summary>Waits (bounded) for the process to exit.</summary>
    public void WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            throw new TimeoutException($"the Twisted peer did not exit within {limit.TotalSeconds} s; output:\n{string.Join("\n", Lines)}");
        }

        _process.WaitForExit();
    }

    /// <summary>Writes <paramref name="line"/> and a "\n" to the program's standard input.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }

    /// <summary>Whether the program has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Closes the peer's standard input (the echo server exits then).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private static string ScriptPath(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Interop.Tests", "Networking", "Peers", script);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Cannot find tests/Interop.Tests/Networking/Peers/{script} above {AppContext.BaseDirectory}.");
    }
}
