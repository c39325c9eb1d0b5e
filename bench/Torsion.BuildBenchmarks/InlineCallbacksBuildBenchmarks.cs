using BenchmarkDotNet.Attributes;

namespace Torsion.BuildBenchmarks;

/// <summary>
/// Build time of a project of N [InlineCallbacks] methods with the generator, against the same
/// program built without it (the baseline, so the ratio is the generator's share), and the
/// generator's own time alone. N = 250, 500, 1,000 shows whether it grows linearly.
/// </summary>
[MemoryDiagnoser]
public class InlineCallbacksBuildBenchmarks
{
    private BuildCost _build = null!;

    /// <summary>The number of [InlineCallbacks] methods in the project.</summary>
    [Params(250, 500, 1000)]
    public int Methods { get; set; }

    /// <summary>Prepares the project (and its generated files, for the baseline).</summary>
    [GlobalSetup]
    public void Setup() => _build = new BuildCost(Methods);

    /// <summary>The project built from user sources plus the generated files already on disk.</summary>
    [Benchmark(Baseline = true)]
    public long WithoutGenerator() => _build.BuildWithoutGenerator();

    /// <summary>The project built with the generator running.</summary>
    [Benchmark]
    public long WithGenerator() => _build.BuildWithGenerator();

    /// <summary>The generator alone (parse the user sources, run the generator).</summary>
    [Benchmark]
    public int GeneratorOnly() => _build.GeneratorOnly();
}
