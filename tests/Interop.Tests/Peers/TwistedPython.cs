using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Torsion.Interop.Tests.Peers;

/// <summary>
/// Python with Twisted as a peer: Debian's /usr/bin/python3 with python3-twisted (the <c>python3</c>
/// first on PATH may be another interpreter without Twisted), or the interpreter named by the
/// TWISTED_PYTHON environment variable (as for tools/record-twisted-references.sh).
/// </summary>
public static class TwistedPython
{
    /// <summary>The interpreter used when TWISTED_PYTHON is not set.</summary>
    public const string DefaultInterpreter = "/usr/bin/python3";

    private static readonly TimeSpan s_probeLimit = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task<string>> s_version = new(ProbeAsync);

    /// <summary>The interpreter's path.</summary>
    public static string Interpreter
        => Environment.GetEnvironmentVariable("TWISTED_PYTHON") is { Length: > 0 } chosen ? chosen : DefaultInterpreter;

    /// <summary>Twisted's version (e.g. "22.4.0"), checked once per test run.</summary>
    /// <exception cref="PeerUnavailableException">The interpreter is missing or cannot import Twisted.</exception>
    public static Task<string> RequireAsync() => s_version.Value;

    /// <summary>
    /// The command that runs <paramref name="script"/> (a full path) with <paramref name="arguments"/>
    /// in the script's folder, with UTF-8 I/O and no bytecode files written.
    /// </summary>
    public static PeerCommand Script(string script, params string[] arguments)
        => new PeerCommand(Interpreter, new[] { "-X", "utf8", "-B", script }.Concat(arguments).ToList())
        {
            WorkingDirectory = Path.GetDirectoryName(script),
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["PYTHONIOENCODING"] = "utf-8",
            },
        };

    /// <summary>Checks Twisted is there, then runs <paramref name="command"/> (made by <see cref="Script"/>) to completion.</summary>
    /// <exception cref="PeerUnavailableException">Twisted is not installed.</exception>
    /// <exception cref="PeerTimeoutException">The script ran longer than <paramref name="limit"/>; its process tree was killed.</exception>
    public static async Task<PeerResult> RunAsync(PeerCommand command, TimeSpan limit)
    {
        await RequireAsync().ConfigureAwait(false);
        return await PeerProcess.RunAsync(command, limit).ConfigureAwait(false);
    }

    /// <summary>Checks Twisted is there, then starts <paramref name="command"/> (a server, say); dispose the result to kill it.</summary>
    /// <exception cref="PeerUnavailableException">Twisted is not installed.</exception>
    public static async Task<RunningPeer> StartAsync(PeerCommand command)
    {
        await RequireAsync().ConfigureAwait(false);
        return RunningPeer.Start(command);
    }

    private static async Task<string> ProbeAsync()
    {
        string interpreter = Interpreter;
        string install = "Install it with: sudo apt-get install -y python3-twisted (or set TWISTED_PYTHON to a Python that has Twisted).";
        if (!File.Exists(interpreter))
        {
            throw new PeerUnavailableException(interpreter + " does not exist. The interop tests run Twisted under it. " + install);
        }

        PeerResult probe = await PeerProcess.RunAsync(
            new PeerCommand(interpreter, new[] { "-c", "import twisted; print(twisted.__version__)" }),
            s_probeLimit).ConfigureAwait(false);
        if (probe.ExitCode != 0 || probe.Lines.Count != 1)
        {
            throw new PeerUnavailableException(interpreter + " cannot import Twisted. " + install + "\n" + probe.Describe());
        }

        return probe.Lines[0];
    }
}
