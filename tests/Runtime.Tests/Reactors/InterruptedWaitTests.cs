using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Torsion.Tests.Reactors;

/// <summary>
/// A signal whose handler runs on the reactor thread while it waits in epoll_wait, poll or select
/// makes the wait fail with EINTR (those calls are never restarted, whatever SA_RESTART says). The
/// reactor must take that as an early wake-up: keep looping, lose no timer, log no error.
/// </summary>
[Collection("signals")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public partial class InterruptedWaitTests
{
    /// <summary>SIGWINCH: harmless to the process, and .NET installs a handler for it once registered.</summary>
    private const int SigWinch = 28;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "tgkill", SetLastError = true)]
    private static partial int SignalThread(int processId, int threadId, int signal);

    [Theory]
    [MemberData(nameof(ReactorKinds.WithFileDescriptors), MemberType = typeof(ReactorKinds))]
    public void Signals_interrupting_the_wait_neither_stop_the_loop_nor_lose_a_timer(string kind)
    {
        int handled = 0;
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            Interlocked.Increment(ref handled);
            context.Cancel = true;
        });

        var logger = new ListLogger();
        ReactorBase reactor = ReactorKinds.Create(kind, logger);
        int sent = 0;
        int failedSends = 0;
        bool timerFired = false;
        Thread? signaller = null;

        reactor.CallWhenRunning(() =>
        {
            int processId = Environment.ProcessId;
            int reactorThread = GetThreadId();
            signaller = new Thread(() =>
            {
                // While the reactor sleeps towards its timer, interrupt its wait again and again.
                for (int i = 0; i < 40 && !Volatile.Read(ref timerFired); i++)
                {
                    if (SignalThread(processId, reactorThread, SigWinch) == 0)
                    {
                        Interlocked.Increment(ref sent);
                    }
                    else
                    {
                        Interlocked.Increment(ref failedSends);
                    }

                    Thread.Sleep(5);
                }
            })
            { IsBackground = true, Name = "EINTR signaller" };
            signaller.Start();
        });
        reactor.CallLater(TimeSpan.FromMilliseconds(400), () =>
        {
            Volatile.Write(ref timerFired, true);
            reactor.Stop();
        });

        ReactorKinds.RunBounded(reactor, limitSeconds: 30);
        Assert.True(signaller!.Join(TimeSpan.FromSeconds(30)), "the signaller did not finish");

        Assert.True(timerFired);
        Assert.Equal(0, failedSends);
        Assert.True(sent > 0, "no signal was sent");
        // Delivery is asynchronous for the managed handler; its count proves the signals arrived.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref handled) > 0, TimeSpan.FromSeconds(10)), "no signal reached the process");
        Assert.DoesNotContain(logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
