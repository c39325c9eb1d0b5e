using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Torsion.Benchmarks.Issue11;

/// <summary>
/// <c>-- --issue11-cpu [rounds]</c>: W4 (<see cref="W4TimerBenchmarks"/>) measured the way the issue
/// states it, in process CPU time (<see cref="Process.TotalProcessorTime"/>, user + system, all
/// threads including the garbage collector's) rather than wall-clock time, which is one second of
/// mostly idle waiting for every row. Rows run interleaved, round after round (the first round is a
/// warm-up and is dropped); prints the median CPU seconds per run, its ratio to the baseline's
/// median from the same run, the bytes allocated and the gen-0/1/2 collections per run.
/// </summary>
internal static class Issue11CpuTime
{
    public static void Run(int rounds = 7)
    {
        var w4 = new W4TimerBenchmarks();
        var cases = new List<(string Name, Func<int> Run)>
        {
            ("PriorityQueueLoop (baseline)", w4.PriorityQueueLoop),
            ("ReactorCallLater", w4.ReactorCallLater),
            ("ReactorCallLaterClosure", w4.ReactorCallLaterClosure),
            ("ReactorCallLaterState", w4.ReactorCallLaterState),
        };

        var cpu = new Dictionary<string, List<double>>();
        var bytes = new Dictionary<string, long>();
        var collections = new Dictionary<string, (int, int, int)>();
        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            foreach ((string name, Func<int> run) in cases)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                TimeSpan cpu0 = process.TotalProcessorTime;
                long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                run();
                process.Refresh();
                TimeSpan cpu1 = process.TotalProcessorTime;
                bytes[name] = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
                collections[name] = (GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2);
                if (round > 0)
                {
                    if (!cpu.TryGetValue(name, out var list))
                    {
                        cpu[name] = list = new List<double>();
                    }

                    list.Add((cpu1 - cpu0).TotalSeconds);
                }
            }
        }

        double baseline = Median(cpu[cases[0].Name]);
        Console.WriteLine($"W4: {W4TimerBenchmarks.Timers:N0} timers, delays in [0, 1 s), half cancelled; {rounds - 1} measured rounds; load average {LoadAverage()}");
        Console.WriteLine("| Method | CPU s, median (min–max) | vs baseline | Allocated per run | GCs gen0/1/2 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, _) in cases)
        {
            var list = cpu[name];
            list.Sort();
            double median = Median(list);
            var (c0, c1, c2) = collections[name];
            Console.WriteLine($"| {name} | {median:F3} ({list[0]:F3}–{list[^1]:F3}) | {median / baseline:F2} | {bytes[name] / 1e6:F1} MB | {c0}/{c1}/{c2} |");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
    }
}
