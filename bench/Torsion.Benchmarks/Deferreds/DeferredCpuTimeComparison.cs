using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// A second, noise-resistant way to run the Deferred benchmarks (<c>-- --cpu-time</c>): each
/// benchmark method is called in a tight loop and timed with the thread's CPU time
/// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), Linux), round after round, interleaving all methods.
/// On a machine shared with other jobs, wall-clock means (BenchmarkDotNet's) swing by 2x between
/// runs; thread CPU time does not count the time other processes hold the core, so medians of it
/// are stable enough to compare small changes to the core.
/// </summary>
internal static class DeferredCpuTimeComparison
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out TimeSpec time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; --cpu-time needs Linux.");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    /// <summary>
    /// Runs every Deferred benchmark method and prints the median CPU time and the allocation per
    /// operation. Methods returning int include 24 B for boxing the result into the harness's
    /// <c>Func&lt;object?&gt;</c>; BenchmarkDotNet's Allocated column does not.
    /// </summary>
    public static void Run(int rounds = 9, int operations = 200_000)
    {
        var after = new DeferredChainFiredAfterAddingBenchmarks();
        var before = new DeferredChainFiredBeforeAddingBenchmarks();
        var errback = new DeferredErrbackChainBenchmarks();
        var awaiting = new DeferredAwaitBenchmarks();
        after.CheckResults();
        before.CheckResults();
        errback.CheckResults();
        awaiting.CheckResults();
        var cases = new List<(string Name, Func<object?> Run, int Divisor)>
        {
            ("FiredAfterAdding.TaskCompletionSourceContinueWith", () => after.TaskCompletionSourceContinueWith(), 1),
            ("FiredAfterAdding.TypedDeferred", () => after.TypedDeferred(), 1),
            ("FiredAfterAdding.UntypedDeferred", after.UntypedDeferred, 1),
            ("FiredBeforeAdding.TaskCompletionSourceContinueWith", () => before.TaskCompletionSourceContinueWith(), 1),
            ("FiredBeforeAdding.TypedDeferred", () => before.TypedDeferred(), 1),
            ("FiredBeforeAdding.UntypedDeferred", before.UntypedDeferred, 1),
            ("ErrbackChain.TaskCompletionSourceContinueWith", () => errback.TaskCompletionSourceContinueWith(), 20),
            ("ErrbackChain.TypedDeferred", () => errback.TypedDeferred(), 20),
            ("ErrbackChain.UntypedDeferred", errback.UntypedDeferred, 20),
            ("ErrbackChain.ExceptionsOnlyFloor", () => errback.ExceptionsOnlyFloor(), 20),
            ("Await.TaskCompletionSourceAwait", () => awaiting.TaskCompletionSourceAwait(), 1),
            ("Await.TypedDeferredAwait", () => awaiting.TypedDeferredAwait(), 1),
            ("Await.UntypedDeferredAwait", () => awaiting.UntypedDeferredAwait(), 1),
            ("Await.TypedDeferredAwaitInAsyncDeferredMethod", () => awaiting.TypedDeferredAwaitInAsyncDeferredMethod(), 1),
        };

        var times = new Dictionary<string, List<double>>();
        var allocated = new Dictionary<string, double>();
        for (int round = 0; round < rounds; round++)
        {
            foreach ((string name, Func<object?> run, int divisor) in cases)
            {
                int count = operations / divisor;
                for (int i = 0; i < count / 10; i++)
                {
                    run();
                }

                long bytes0 = GC.GetAllocatedBytesForCurrentThread();
                long time0 = ThreadCpuNanoseconds();
                for (int i = 0; i < count; i++)
                {
                    run();
                }

                long time1 = ThreadCpuNanoseconds();
                long bytes1 = GC.GetAllocatedBytesForCurrentThread();
                if (round >= 2)
                {
                    if (!times.TryGetValue(name, out List<double>? list))
                    {
                        times[name] = list = new List<double>();
                    }

                    list.Add((time1 - time0) / (double)count);
                }

                allocated[name] = (bytes1 - bytes0) / (double)count;
            }
        }

        Console.WriteLine("| Benchmark | CPU time, median (ns) | Allocated (B) |");
        Console.WriteLine("|---|---:|---:|");
        foreach ((string name, _, _) in cases)
        {
            List<double> list = times[name];
            list.Sort();
            Console.WriteLine($"| {name} | {list[list.Count / 2]:F0} | {allocated[name]:F0} |");
        }
    }
}
