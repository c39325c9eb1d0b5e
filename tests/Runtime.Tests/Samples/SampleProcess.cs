using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Torsion.Tests.Samples;

/// <summary>
/// A built sample running under <c>dotnet</c>, with its standard output read line by line. Disposing
/// it kills the process if it is still running, so no test leaves one behind.
/// </summary>
internal sealed partial class SampleProcess : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _errors = new();

    public SampleProcess(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet " + assembly);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
            }
            else
            {
                _lines.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The next line of standard output (30 s at most).</summary>
    public string ReadLine()
    {
        if (!_lines.TryTake(out string? line, s_wait))
        {
            throw new TimeoutException("no output line within 30 s; standard error: " + Errors);
        }

        return line;
    }

    /// <summary>Reads the "listening on host:port" line and returns the port.</summary>
    public int ReadListeningPort()
    {
        string line = ReadLine();
        Match match = ListeningLine().Match(line);
        Assert.True(match.Success, $"expected 'listening on 127.0.0.1:<port>', got '{line}'; standard error: {Errors}");
        int port = int.Parse(match.Groups[1].Value);
        Assert.NotEqual(0, port);
        return port;
    }

    /// <summary>Sends SIGTERM and waits for the exit code (30 s at most).</summary>
    public int Terminate()
    {
        Assert.Equal(0, Kill(_process.Id, 15));
        return WaitForExit();
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(s_wait), "the sample did not exit within 30 s");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>Connects a socket to 127.0.0.1:<paramref name="port"/> with a 30 s receive timeout.</summary>
    public static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000, SendTimeout = 30_000 };
        socket.Connect("127.0.0.1", port);
        return socket;
    }

    [GeneratedRegex(@"^listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
