using System;
using System.Threading.Tasks;

namespace Torsion.Benchmarks.Deferreds;

/// <summary>
/// The callbacks every chain benchmark uses, created once so that no benchmark pays for delegate
/// allocation (the compiler caches static lambdas the same way in user code).
/// </summary>
internal static class ChainCallbacks
{
    /// <summary>Callbacks per chain in the chain benchmarks.</summary>
    public const int Length = 10;

    /// <summary>Typed Deferred step: x + 1.</summary>
    public static readonly Func<int, int> Increment = static x => x + 1;

    /// <summary>Untyped Deferred step: x + 1 (unboxes and boxes, as untyped results must).</summary>
    public static readonly Func<object?, object?> IncrementBoxed = static x => (int)x! + 1;

    /// <summary>Task continuation step: the antecedent's result + 1.</summary>
    public static readonly Func<Task<int>, int> IncrementTask = static t => t.Result + 1;

    /// <summary>Throws if a benchmark did not compute what it should (checked once in GlobalSetup).</summary>
    public static void Expect(object? expected, object? actual, string benchmark)
    {
        if (!Equals(expected, actual))
        {
            throw new InvalidOperationException(benchmark + " returned " + (actual ?? "null") + ", expected " + (expected ?? "null") + ".");
        }
    }
}
