using System;
using Torsion.Benchmarks.Deferreds;

// `-- --cpu-time` runs the Deferred benchmarks with the thread-CPU-time harness (see
// DeferredCpuTimeComparison); anything else goes to BenchmarkDotNet.
// `-- --issue11-cpu [rounds]` runs issue 11's W4 in process CPU time (see Issue11CpuTime).
// `-- --loop Class.Method seconds` runs one benchmark method in a loop for a profiler (see ProfilingLoop).
// `-- --network [server-name-part ...]` runs the networking comparison (separate server processes,
// see NetworkEchoComparison); `--network-server KIND` is how it starts the .NET servers.
if (args.Length > 0 && args[0] == "--network")
{
    Torsion.Benchmarks.Networking.NetworkEchoComparison.Run(args[1..]);
    return;
}

if (args.Length > 1 && args[0] == "--network-server")
{
    Environment.Exit(Torsion.Benchmarks.Networking.EchoServers.Run(args[1]));
}

if (args.Length > 0 && args[0] == "--issue11-cpu")
{
    Torsion.Benchmarks.Issue11.Issue11CpuTime.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

if (args.Length > 2 && args[0] == "--loop")
{
    Torsion.Benchmarks.ProfilingLoop.Run(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Length > 0 && args[0] == "--cpu-time")
{
    DeferredCpuTimeComparison.Run();
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(DeferredCpuTimeComparison).Assembly).Run(args);
Console.Out.Flush();
