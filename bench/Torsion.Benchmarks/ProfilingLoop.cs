using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace Torsion.Benchmarks;

/// <summary>
/// Runs one benchmark method over and over for a fixed time, outside BenchmarkDotNet, so a sampling
/// profiler (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>) can be attached to a steady
/// workload: <c>-- --loop W3NextTurnYieldBenchmarks.ReactorCallLaterState 10</c>.
/// </summary>
internal static class ProfilingLoop
{
    /// <summary>Finds <paramref name="name"/> (<c>Class.Method</c>), runs its [GlobalSetup] once, then
    /// calls it until <paramref name="seconds"/> have passed and prints the mean time per call.</summary>
    /// <exception cref="ArgumentException">No benchmark class and method has that name.</exception>
    public static void Run(string name, double seconds)
    {
        int dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            throw new ArgumentException($"Expected Class.Method, got '{name}'.", nameof(name));
        }

        string className = name[..dot];
        string methodName = name[(dot + 1)..];
        Type type = typeof(ProfilingLoop).Assembly.GetTypes().SingleOrDefault(t => t.Name == className)
            ?? throw new ArgumentException($"No benchmark class named '{className}'.", nameof(name));
        MethodInfo method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
            ?? throw new ArgumentException($"'{className}' has no public method '{methodName}()'.", nameof(name));
        object instance = Activator.CreateInstance(type)!;
        foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkDotNet.Attributes.GlobalSetupAttribute>() is not null))
        {
            setup.Invoke(instance, null);
        }

        // A method returning a reference binds directly; one returning a value goes through reflection
        // (negligible beside a benchmark that does thousands of operations per call).
        Func<object?> run = Delegate.CreateDelegate(typeof(Func<object?>), instance, method, throwOnBindFailure: false) as Func<object?>
            ?? (() => method.Invoke(instance, null));
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            // The clock is read once per 256 calls, so that short benchmarks are not dominated by it.
            for (int i = 0; i < 256; i++)
            {
                run();
            }

            calls += 256;
        }

        Console.WriteLine($"{name}: {calls} calls, {clock.Elapsed.TotalMilliseconds * 1e6 / calls:F0} ns per call");
    }
}
