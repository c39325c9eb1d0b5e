using System;
using System.Diagnostics;
using Torsion.BuildBenchmarks;

// `-- --write-callback-project DIR` writes issue 12's project (CallbackProject) under DIR, for
// bench/BuildCost/measure.sh, which builds it with the real compiler.
if (args.Length == 2 && args[0] == "--write-callback-project")
{
    foreach ((string path, string text) in CallbackProject.Sources())
    {
        string file = System.IO.Path.Combine(args[1], path);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        // Unchanged files keep their time stamps, so that a rebuild is not a rewrite of everything.
        if (!System.IO.File.Exists(file) || System.IO.File.ReadAllText(file) != text)
        {
            System.IO.File.WriteAllText(file, text);
        }
    }

    return;
}

// `-- --callbacks [warmup] [rounds]` profiles issue 12's project phase by phase (CallbackProjectProfile).
if (args.Length > 0 && args[0] == "--callbacks")
{
    CallbackProjectProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 10, args.Length > 2 ? int.Parse(args[2]) : 20);
    return;
}

// `-- --quick [N...]` builds once each way with a stopwatch (a smoke run, not a measurement);
// anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--quick")
{
    int[] sizes = args.Length > 1 ? Array.ConvertAll(args[1..], int.Parse) : new[] { 250, 500, 1000 };
    foreach (int size in sizes)
    {
        var build = new BuildCost(size);
        build.BuildWithGenerator();
        build.BuildWithoutGenerator();
        // Process CPU time as well as wall time: the shared machine's load distorts wall time.
        (TimeSpan Wall, TimeSpan Cpu) Time(Action action)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            process.Refresh();
            return (watch.Elapsed, process.TotalProcessorTime - cpu);
        }

        var generator = Time(() => build.GeneratorOnly());
        var with = Time(() => build.BuildWithGenerator());
        var without = Time(() => build.BuildWithoutGenerator());
        Console.WriteLine($"{size} methods ({build.GeneratedFiles} files), wall / CPU ms: generator alone {generator.Wall.TotalMilliseconds:F0} / {generator.Cpu.TotalMilliseconds:F0}, "
            + $"build with {with.Wall.TotalMilliseconds:F0} / {with.Cpu.TotalMilliseconds:F0}, without {without.Wall.TotalMilliseconds:F0} / {without.Cpu.TotalMilliseconds:F0}, "
            + $"ratio with/without: wall {with.Wall / without.Wall:F2}, CPU {with.Cpu / without.Cpu:F2}");
    }

    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(InlineCallbacksBuildBenchmarks).Assembly).Run(args);
