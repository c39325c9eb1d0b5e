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

    private sealed record Result(string Server, double RoundTripsPerSecond, double MegabytesPerSecond, string Allocated);

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

            var info = start();
            if (info is null)
            {
                Console.WriteLine($"{name}: skipped (not available)");
                continue;
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
                Console.WriteLine($"{name}: did not start ({line})");
                process.Kill(true);
                continue;
            }

            int port = int.Parse(line["listening on ".Length..]);
            double rtt = LoadGenerator.PingPong(port, Connections, MessageSize, s_warmUp, s_measure, out long totalRoundTrips);
            double mbps = LoadGenerator.Stream(port, StreamChunk, s_warmUp, s_measure);
            process.StandardInput.Close();
            string allocated = "-";
            string? rest = process.StandardOutput.ReadToEnd();
            foreach (var l in rest.Split('\n'))
            {
                if (l.StartsWith("allocated ", StringComparison.Ordinal) && long.TryParse(l["allocated ".Length..], out long bytes))
                {
                    allocated = $"{bytes / 1024.0 / 1024.0:0.0} MB ({(double)bytes / totalRoundTrips:0.0} B per round trip, setup and streaming included)";
                }
            }

            if (!process.WaitForExit(10_000))
            {
                process.Kill(true);
            }

            results.Add(new Result(name, rtt, mbps, allocated));
            Console.WriteLine($"{name}: {rtt:N0} round trips/s, {mbps:N0} MB/s streaming, allocated {allocated}");
        }

        var ceiling = results.Find(r => r.Server.StartsWith("C ", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine($"| Server | Ping-pong, 50 connections (round trips/s) | vs C | Streaming 64 KiB writes (MB/s) | vs C | Server allocations |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            string rr = ceiling is null ? "-" : $"{r.RoundTripsPerSecond / ceiling.RoundTripsPerSecond:0.00}";
            string sr = ceiling is null ? "-" : $"{r.MegabytesPerSecond / ceiling.MegabytesPerSecond:0.00}";
            Console.WriteLine($"| {r.Server} | {r.RoundTripsPerSecond:N0} | {rr} | {r.MegabytesPerSecond:N0} | {sr} | {r.Allocated} |");
        }
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
