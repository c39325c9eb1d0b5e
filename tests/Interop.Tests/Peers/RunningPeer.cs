using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Torsion.Interop.Tests.Peers;

/// <summary>
/// A peer program that is running (a server a test talks to, or a client it waits for). Standard
/// output and standard error are collected as the program prints them; standard input is open.
/// Disposing it kills the program and every process it started, so no peer outlives its test.
/// </summary>
public sealed class RunningPeer : IAsyncDisposable
{
    // After the program exits (or is killed), how long its pipes may take to close.
    private static readonly TimeSpan s_drainLimit = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Task _outputReader;
    private readonly Task _errorReader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _outputClosed;

    private RunningPeer(PeerCommand command, Process process)
    {
        Command = command;
        _process = process;
        _outputReader = ReadAllAsync(process.StandardOutput, _output, isOutput: true);
        _errorReader = ReadAllAsync(process.StandardError, _errors, isOutput: false);
    }

    /// <summary>What was started.</summary>
    public PeerCommand Command { get; }

    /// <summary>The program's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the program has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The program's standard input (UTF-8, no byte-order mark); close it to send end of file.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>What the program has printed so far (exit code -1 while it runs).</summary>
    public PeerResult Snapshot()
    {
        lock (_gate)
        {
            return new PeerResult(Command.CommandLine, _process.HasExited ? _process.ExitCode : -1, _output.ToString(), _errors.ToString());
        }
    }

    /// <summary>Starts <paramref name="command"/>.</summary>
    /// <exception cref="PeerUnavailableException">The program could not be started (typically: not installed).</exception>
    public static RunningPeer Start(PeerCommand command)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (command.WorkingDirectory is not null)
        {
            start.WorkingDirectory = command.WorkingDirectory;
        }

        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string?> variable in command.Environment)
        {
            if (variable.Value is null)
            {
                start.Environment.Remove(variable.Key);
            }
            else
            {
                start.Environment[variable.Key] = variable.Value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PeerUnavailableException("Could not start " + command.CommandLine + ".");
        }
        catch (Win32Exception error)
        {
            throw new PeerUnavailableException("Could not start " + command.CommandLine + ": " + error.Message + ". Is it installed?");
        }

        return new RunningPeer(command, process);
    }

    /// <summary>
    /// Waits until the program prints a line (on standard output) that <paramref name="match"/>
    /// accepts, and returns it; lines printed before the call count too.
    /// </summary>
    /// <exception cref="PeerTimeoutException">No such line within <paramref name="limit"/>; the program was killed.</exception>
    /// <exception cref="InvalidOperationException">The program closed its output without printing such a line.</exception>
    public async Task<string> WaitForOutputLineAsync(Func<string, bool> match, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            bool closed;
            lock (_gate)
            {
                foreach (string line in CompleteLines(_output.ToString(), includeLast: _outputClosed))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }

                changed = _changed.Task;
                closed = _outputClosed;
            }

            if (closed)
            {
                await DrainAsync().ConfigureAwait(false);
                throw new InvalidOperationException("The peer closed its output without printing the awaited line.\n" + Snapshot().Describe());
            }

            TimeSpan remaining = limit - clock.Elapsed;
            try
            {
                await changed.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await KillAsync().ConfigureAwait(false);
                throw new PeerTimeoutException("The awaited output line of " + Command.CommandLine, limit, Snapshot());
            }
        }
    }

    /// <summary>Waits for the program to exit and returns everything it printed.</summary>
    /// <exception cref="PeerTimeoutException">It did not exit within <paramref name="limit"/>; its process tree was killed.</exception>
    public async Task<PeerResult> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await KillAsync().ConfigureAwait(false);
            throw new PeerTimeoutException(Command.CommandLine + " exiting", limit, Snapshot());
        }

        await DrainAsync().ConfigureAwait(false);
        return Snapshot();
    }

    /// <summary>Kills the program and every process it started (if still running) and returns what it printed.</summary>
    public async Task<PeerResult> StopAsync()
    {
        await KillAsync().ConfigureAwait(false);
        return Snapshot();
    }

    /// <summary>Kills the program's process tree if it still runs, and releases the process.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(s_drainLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A process that survives SIGKILL for 5 s is the kernel's business; the snapshot says what we have.
        }

        await DrainAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        try
        {
            await Task.WhenAll(_outputReader, _errorReader).WaitAsync(s_drainLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A descendant that escaped the kill still holds a pipe: keep what was read.
        }
    }

    private async Task ReadAllAsync(StreamReader reader, StringBuilder into, bool isOutput)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_gate)
                {
                    into.Append(buffer, 0, read);
                }

                Signal();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading: nothing more will come.
        }
        catch (IOException)
        {
            // The pipe broke: nothing more will come.
        }
        finally
        {
            if (isOutput)
            {
                lock (_gate)
                {
                    _outputClosed = true;
                }

                Signal();
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    private static IEnumerable<string> CompleteLines(string text, bool includeLast)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int count = includeLast && lines[^1].Length > 0 ? lines.Length : lines.Length - 1;
        for (int i = 0; i < count; i++)
        {
            yield return lines[i];
        }
    }
}
