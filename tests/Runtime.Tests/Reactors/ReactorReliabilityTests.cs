using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Torsion.Tests.Reactors;

/// <summary>
/// Issue 8, items 5, 6 and 8: BlockingCallFromThread never hangs, a "before shutdown" trigger that
/// returns an unusable Deferred does not stop the shutdown, and a disposed reactor says so.
/// </summary>
public class ReactorReliabilityTests
{
    /// <summary>Bounds a blocked caller: a hang fails the test instead of hanging it.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="call"/> on a worker thread while the reactor runs; returns what it threw (or null).</summary>
    private static Exception? CallFromWorker(ReactorBase reactor, Action call, Action? beforeStop = null)
    {
        Exception? error = null;
        bool finished = false;
        reactor.CallWhenRunning(() =>
        {
            var worker = new Thread(() =>
            {
                try
                {
                    call();
                }
                catch (Exception e)
                {
                    error = e;
                }

                finished = true;
                reactor.CallFromThread(() =>
                {
                    if (reactor.Running)
                    {
                        reactor.Stop();
                    }
                });
            });
            worker.IsBackground = true;
            worker.Start();
            beforeStop?.Invoke();
        });
        ReactorKinds.RunBounded(reactor, s_limit.TotalSeconds);
        Assert.True(finished, "the blocked caller never returned");
        return error;
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_throws_when_the_function_returns_null(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Exception? error = CallFromWorker(reactor, () => reactor.BlockingCallFromThread<int>(() => (Deferred<int>)null!));
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("null Deferred", error!.Message);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_throws_when_the_function_returns_a_retired_handle(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        Exception? error = CallFromWorker(reactor, () => reactor.BlockingCallFromThread(() =>
        {
            var retired = new Deferred<int>();
            retired.AddCallback(static x => x.ToString());
            return retired;
        }));
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("continued as", error!.Message);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_on_a_stopped_reactor_throws_ReactorNotRunningException_and_never_runs_the_function(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        bool ran = false;
        Exception? error = null;
        var worker = new Thread(() =>
        {
            try
            {
                reactor.BlockingCallFromThread(() =>
                {
                    ran = true;
                    return 1;
                });
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        worker.Start();
        Assert.True(worker.Join(s_limit), "the caller hangs");
        Assert.IsType<ReactorNotRunningException>(error);
        Assert.False(ran);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_while_the_reactor_stops_never_hangs(string kind)
    {
        // The call is made as the reactor stops: it either runs in time (and returns 5) or the
        // caller gets ReactorNotRunningException; it never blocks.
        using var reactor = ReactorKinds.Create(kind);
        using var queued = new ManualResetEventSlim();
        Exception? error = null;
        int result = 0;
        var worker = new Thread(() =>
        {
            try
            {
                queued.Set();
                result = reactor.BlockingCallFromThread(() => 5);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () =>
        {
            worker.Start();
#pragma warning disable TRS2001 // deliberately holds the reactor until the caller is about to queue its call
            queued.Wait(s_limit);
#pragma warning restore TRS2001
        });
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor);
        Assert.True(worker.Join(s_limit), "the caller hangs");
        Assert.True(result == 5 || error is ReactorNotRunningException, "result " + result + ", error " + error);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_throws_ReactorNotRunningException_when_the_reactor_stops_before_the_Deferred_fires(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        var never = new Deferred<int>();
        using var started = new ManualResetEventSlim();
        Exception? error = null;
        var worker = new Thread(() =>
        {
            try
            {
                reactor.BlockingCallFromThread(() =>
                {
                    started.Set();
                    return never;
                });
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        reactor.CallWhenRunning(() =>
        {
            worker.Start();
            reactor.CallLater(TimeSpan.Zero, Poll);
            void Poll()
            {
                if (started.IsSet)
                {
                    reactor.Stop();
                }
                else
                {
                    reactor.CallLater(TimeSpan.FromMilliseconds(1), Poll);
                }
            }
        });
        ReactorKinds.RunBounded(reactor);
        Assert.True(worker.Join(s_limit), "the caller hangs");
        Assert.IsType<ReactorNotRunningException>(error);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void BlockingCallFromThread_on_a_disposed_reactor_throws_ReactorNotRunningException(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        reactor.Dispose();
        Exception? error = null;
        var worker = new Thread(() =>
        {
            try
            {
                reactor.BlockingCallFromThread(() => 1);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        worker.Start();
        Assert.True(worker.Join(s_limit), "the caller hangs");
        Assert.IsType<ReactorNotRunningException>(error);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_before_shutdown_trigger_returning_a_retired_Deferred_is_logged_and_the_reactor_still_stops(string kind)
    {
        var logger = new ListLogger();
        using var reactor = ReactorKinds.Create(kind, logger);
        bool duringRan = false;
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
        {
            var retired = new Deferred<int>();
            retired.AddCallback(static x => x.ToString());
            return retired;
        });
        reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => duringRan = true);
        reactor.CallWhenRunning(reactor.Stop);
        ReactorKinds.RunBounded(reactor, 10);
        Assert.True(duringRan);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException && e.Message.Contains("before", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("Unexpected error in main loop", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_disposed_reactor_throws_ObjectDisposedException(string kind)
    {
        var reactor = ReactorKinds.Create(kind);
        reactor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reactor.CallLater(TimeSpan.Zero, () => { }));
        Assert.Throws<ObjectDisposedException>(() => reactor.CallFromThread(() => { }));
        Assert.Throws<ObjectDisposedException>(() => reactor.Iterate());
        Assert.Throws<ObjectDisposedException>(() => reactor.CallWhenRunning(() => { }));
        Assert.Throws<ObjectDisposedException>(() => reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, () => { }));
        Assert.Throws<ObjectDisposedException>(() => reactor.CallInThread(() => { }));
        Assert.Throws<ObjectDisposedException>(() => reactor.Run(installSignalHandlers: false));
        Exception? fromThread = null;
        var other = new Thread(() => fromThread = Record.Exception(() => reactor.CallFromThread(() => { })));
        other.Start();
        other.Join();
        Assert.IsType<ObjectDisposedException>(fromThread);
        reactor.Dispose(); // a second Dispose does nothing
    }

    [Fact]
    public async Task Undisposed_reactors_release_their_descriptors_when_collected()
    {
        // Counted in a child process: the test host's other tests open descriptors concurrently.
        (int exitCode, string output, string errors) = await Torsion.Tests.Stress.ChildProcess.RunAsync("exit", "undisposed-reactors");
        Assert.True(exitCode == 0 && output.Contains("PASS"), "exit code " + exitCode + "\n" + output + "\n" + errors);
    }
}
