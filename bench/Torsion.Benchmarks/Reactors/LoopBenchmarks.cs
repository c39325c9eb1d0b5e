using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Torsion.Benchmarks.Reactors;

/// <summary>
/// Loop throughput on each reactor: <c>CallLater(0)</c> turns (Twisted's "iteration" benchmark:
/// ten concurrent self-rescheduling calls), <c>CallFromThread</c> from one producer thread, and
/// 200,000 real-time <c>CallLater</c>s (deadlines within 2 ms, half cancelled) run to completion.
/// Each invocation uses a fresh reactor (a stopped reactor cannot restart).
/// </summary>
[MemoryDiagnoser]
public class LoopBenchmarks
{
    private const int Turns = 100_000;
    private const int ThreadCalls = 100_000;
    private const int Timers = 200_000;

    [Params("epoll", "poll", "select", "completion")]
    public string Kind { get; set; } = "epoll";

    private ReactorBase Create(ILogger? logger = null) => Kind switch
    {
        "epoll" => new EpollReactor(logger),
        "poll" => new PollReactor(logger),
        "select" => new SelectReactor(logger),
        _ => new CompletionReactor(logger),
    };

    [Benchmark(OperationsPerInvoke = Turns)]
    public int CallLaterZeroTurns()
    {
        using var reactor = Create();
        int turns = 0;
        void Turn()
        {
            if (++turns >= Turns)
            {
                if (turns == Turns)
                {
                    reactor.Stop();
                }

                return;
            }

            reactor.CallLater(TimeSpan.Zero, Turn);
        }

        for (int i = 0; i < 10; i++)
        {
            reactor.CallLater(TimeSpan.Zero, Turn);
        }

        reactor.Run(installSignalHandlers: false);
        return turns;
    }

    [Benchmark(OperationsPerInvoke = ThreadCalls)]
    public int CallFromThreadThroughput()
    {
        using var reactor = Create();
        int received = 0;
        void Receive()
        {
            if (++received == ThreadCalls)
            {
                reactor.Stop();
            }
        }

        reactor.CallWhenRunning(() => new Thread(() =>
        {
            Action receive = Receive;
            for (int i = 0; i < ThreadCalls; i++)
            {
                reactor.CallFromThread(receive);
            }
        }) { IsBackground = true }.Start());
        reactor.Run(installSignalHandlers: false);
        return received;
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public int RealTimeCallLaterHalfCancelled()
    {
        using var reactor = Create();
        var random = new Random(7);
        int ran = 0;
        int expected = Timers / 2;
        void Fire()
        {
            if (++ran == expected)
            {
                reactor.Stop();
            }
        }

        reactor.CallWhenRunning(() =>
        {
            var calls = new IDelayedCall[Timers];
            for (int i = 0; i < Timers; i++)
            {
                calls[i] = reactor.CallLater(TimeSpan.FromTicks(random.Next(0, 20_000)), Fire);
            }

            for (int i = 0; i < Timers; i += 2)
            {
                calls[i].Cancel();
            }
        });
        reactor.Run(installSignalHandlers: false);
        return ran;
    }
}
