using System;
using Torsion.Benchmarks.Deferreds;

// `-- --cpu-time` runs the Deferred benchmarks with the thread-CPU-time harness (see
// DeferredCpuTimeComparison); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--cpu-time")
{
    DeferredCpuTimeComparison.Run();
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(DeferredCpuTimeComparison).Assembly).Run(args);
Console.Out.Flush();
