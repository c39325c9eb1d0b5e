using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Torsion.Benchmarks.Networking;

/// <summary>
/// The networking benchmark (issue 7), a harness of its own because the servers are separate
/// processes: each echo server runs pinned to CPU 1 while this process, the load generator, runs
/// pinned to CPU 0. For each server, in one run: ping-pong of 32-byte messages over 50 connections
/// (round trips per second) and one connection streaming 64 KiB writes through the echo (MB/s of
/// echoed data). Servers: Torsion on epoll, Torsion on the completion reactor, a plain .NET
/// async-socket server, Twisted's (epoll reactor) and a minimal single-threaded C epoll server,
/// compiled with gcc at run time. The load generator is a Torsion epoll client (the same for every
/// server). Run with <c>dotnet run -c Release --project bench/Torsion.Benchmarks -- --network</c>.
/// </summary>
public static class NetworkEchoComparison
{
    private const int Connections = 50;
    private const int MessageSize = 32;
    private const int StreamChunk = 64 * 1024;
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_measure = TimeSpan.FromSeconds(4);

    private sealed record Result(string Server, double RoundTripsPerSecond, double MegabytesPerSecond, string Allocated, double CpuMicrosecondsPerRoundTrip, double CpuMillisecondsPerGigabyte);

    public static void Run(string[] only)
    {
        bool pinned = Environment.ProcessorCount >= 2 && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows());
        if (pinned && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var servers = new List<(string Name, Func<ProcessStartInfo?> Start)>
        {
            ("C epoll (ceiling)", StartC),
            ("Torsion epoll", () => Self("torsion-epoll")),
            ("Torsion completion", () => Self("torsion-completion")),
            (".NET async sockets", () => Self("dotnet-async")),
            ("Twisted 22.4 epoll", StartTwisted),
        };
        var results = new List<Result>();
        foreach (var (name, start) in servers)
        {
            if (only.Length > 0 && !Array.Exists(only, o => name.Contains(o, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var pingPong = Measure(start, pinned, port =>
            {
                double value = LoadGenerator.PingPong(port, Connections, MessageSize, s_warmUp, s_measure, out long total);
                return (value, total);
            });
            if (pingPong is null)
            {
                Console.WriteLine($"{name}: skipped (not available)");
                continue;
            }

            var streaming = Measure(start, pinned, port =>
            {
                double megabytesPerSecond = LoadGenerator.Stream(port, StreamChunk, s_warmUp, s_measure, out long totalBytes);
                return (megabytesPerSecond, totalBytes);
            });
            double rtt = pingPong.Value.Value;
            double mbps = streaming?.Value ?? 0;
            string allocated = pingPong.Value.Allocated is { } bytes
                ? $"{(double)bytes / pingPong.Value.Count:0.0} B per round trip"
                : "-";
            double cpuPerRoundTrip = pingPong.Value.CpuSeconds * 1e6 / pingPong.Value.Count;
            double cpuPerGigabyte = streaming is { } st && st.Count > 0 ? st.CpuSeconds * 1e3 / (st.Count / 1e9) : 0;
            results.Add(new Result(name, rtt, mbps, allocated, cpuPerRoundTrip, cpuPerGigabyte));
            Console.WriteLine($"{name}: {rtt:N0} round trips/s ({cpuPerRoundTrip:0.00} us server CPU each), {mbps:N0} MB/s streaming ({cpuPerGigabyte:N0} ms server CPU per GB), allocated {allocated}");
        }

        var ceiling = results.Find(r => r.Server.StartsWith("C ", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine($"| Server | Ping-pong, 50 connections (round trips/s) | vs C | server CPU per round trip | Streaming 64 KiB writes (MB/s) | vs C | server CPU per GB echoed | Server allocation during ping-pong |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            string rr = ceiling is null ? "-" : $"{r.RoundTripsPerSecond / ceiling.RoundTripsPerSecond:0.00}";
            string sr = ceiling is null ? "-" : $"{r.MegabytesPerSecond / ceiling.MegabytesPerSecond:0.00}";
            Console.WriteLine($"| {r.Server} | {r.RoundTripsPerSecond:N0} | {rr} | {r.CpuMicrosecondsPerRoundTrip:0.00} us | {r.MegabytesPerSecond:N0} | {sr} | {r.CpuMillisecondsPerGigabyte:N0} ms | {r.Allocated} |");
        }
    }

    /// <summary>Starts a server, runs one scenario against it, stops it; the server's allocation report if it gives one.</summary>
    private static (double Value, long Count, long? Allocated, double CpuSeconds)? Measure(Func<ProcessStartInfo?> start, bool pinned, Func<int, (double Value, long Count)> scenario)
    {
        var info = start();
        if (info is null)
        {
            return null;
        }

        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        if (pinned && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            process.ProcessorAffinity = 2;
        }

        string? line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("listening on ", StringComparison.Ordinal))
        {
            process.Kill(true);
            return null;
        }

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var (value, count) = scenario(int.Parse(line["listening on ".Length..]));
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        process.StandardInput.Close();
        long? allocated = null;
        foreach (var l in process.StandardOutput.ReadToEnd().Split('\n'))
        {
            if (l.StartsWith("allocated ", StringComparison.Ordinal) && long.TryParse(l["allocated ".Length..], out long bytes))
            {
                allocated = bytes;
            }
        }

        if (!process.WaitForExit(10_000))
        {
            process.Kill(true);
        }

        return (value, count, allocated, cpuSeconds);
    }

    private static ProcessStartInfo Self(string kind)
    {
        string path = Environment.ProcessPath!;
        var info = new ProcessStartInfo(path);
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            info.ArgumentList.Add(typeof(NetworkEchoComparison).Assembly.Location);
        }

        info.ArgumentList.Add("--network-server");
        info.ArgumentList.Add(kind);
        return info;
    }

    private static string? SourceFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "Torsion.Benchmarks", "Networking", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ProcessStartInfo? StartC()
    {
        string? source = SourceFile("c_epoll_echo.c");
        if (source is null)
        {
            return null;
        }

        string binary = Path.Combine(Path.GetTempPath(), $"torsion-c-epoll-echo-{Environment.ProcessId}");
        var gcc = Process.Start(new ProcessStartInfo("gcc", new[] { "-O2", "-o", binary, source }) { UseShellExecute = false });
        if (gcc is null || !gcc.WaitForExit(60_000) || gcc.ExitCode != 0)
        {
            return null;
        }

        return new ProcessStartInfo(binary);
    }

    private static ProcessStartInfo? StartTwisted()
    {
        string? script = SourceFile("twisted_echo_server.py");
        string python = Environment.GetEnvironmentVariable("TWISTED_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
        if (script is null || !File.Exists(python))
        {
            return null;
        }

        return new ProcessStartInfo(python, new[] { "-B", script });
    }
}
