using System;
using System.Collections.Generic;
using System.IO;

namespace Torsion.Tests.Stress;

/// <summary>
/// Programs run whole in a child process (see <see cref="ChildProcess"/>): what they test concerns the
/// process itself (its descriptors, its exit).
/// </summary>
internal static class ExitScenarios
{
    /// <summary>Every scenario, by the name the child process is given.</summary>
    public static readonly IReadOnlyDictionary<string, Action> All = new Dictionary<string, Action>
    {
        ["undisposed-reactors"] = UndisposedReactors,
    };

    /// <summary>Issue 8, item 8: 1,000 reactors of each readiness kind created and dropped undisposed leak no descriptor.</summary>
    private static void UndisposedReactors()
    {
        CollectAll();
        int before = OpenDescriptors();
        for (int i = 0; i < 1000; i++)
        {
            Create(i % 3);
            if (i % 100 == 99)
            {
                // Now and then, as a long-running program's collector would (select cannot watch
                // descriptors beyond 1023, and 1,000 reactors hold up to 2,000 until collected).
                CollectAll();
            }
        }

        CollectAll();
        int after = OpenDescriptors();
        if (after - before > 20)
        {
            throw new InvalidOperationException("1,000 dropped reactors left " + (after - before) + " descriptors open (" + before + " before, " + after + " after)");
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Create(int kind)
    {
        ReactorBase reactor = kind switch
        {
            0 => new EpollReactor(),
            1 => new PollReactor(),
            _ => new SelectReactor(),
        };
        GC.KeepAlive(reactor);
    }

    private static void CollectAll()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
}
