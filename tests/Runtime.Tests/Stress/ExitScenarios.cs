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
        ["failure-dropped-before-exit"] = FailureDroppedBeforeExit,
        ["throwing-subscriber"] = ThrowingSubscriber,
        ["global-reactor-logs-to-stderr"] = GlobalReactorLogsToStandardError,
        ["react-run-failure-logs-to-stderr"] = ReactRunFailureLogsToStandardError,
        ["global-reactor-silenced"] = GlobalReactorSilenced,
    };

    /// <summary>Kept reachable until the entry point returns, so only the exit flush can report it.</summary>
    private static Deferred? s_keptUntilExit;

    /// <summary>Issue 8, item 10: a failed Deferred dropped just before Main returns is reported at exit.</summary>
    private static void FailureDroppedBeforeExit()
    {
        var deferred = new Deferred();
        deferred.Errback(new InvalidOperationException("dropped just before exit"));
        s_keptUntilExit = deferred;
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => s_keptUntilExit = null;
    }

    /// <summary>Issue 8, item 10: a subscriber that throws does not hide the report.</summary>
    private static void ThrowingSubscriber()
    {
        UnhandledFailures.Unhandled += static (_, _) => throw new InvalidOperationException("the subscriber is broken");
        Drop();
        UnhandledFailures.CollectNow();

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void Drop() => new Deferred().Errback(new InvalidOperationException("reported despite the subscriber"));
    }

    /// <summary>Issue 8, item 11: the global reactor logs a throwing callback to standard error by default.</summary>
    private static void GlobalReactorLogsToStandardError()
    {
        IReactor reactor = Reactor.Instance;
        reactor.CallLater(TimeSpan.Zero, static () => throw new InvalidOperationException("thrown by a delayed call"));
        reactor.CallLater(TimeSpan.FromMilliseconds(10), reactor.Stop);
        reactor.Run(installSignalHandlers: false);
    }

    /// <summary>Issue 8, item 11: React.Run logs a failed main to standard error by default.</summary>
    private static void ReactRunFailureLogsToStandardError()
    {
        int code = React.Run(static _ => Deferred.Fail(new InvalidOperationException("main failed")));
        if (code != 1)
        {
            throw new InvalidOperationException("React.Run returned " + code);
        }
    }

    /// <summary>Issue 8, item 11: Reactor.Logger = NullLogger.Instance silences the global reactor.</summary>
    private static void GlobalReactorSilenced()
    {
        Reactor.Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        GlobalReactorLogsToStandardError();
    }

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
