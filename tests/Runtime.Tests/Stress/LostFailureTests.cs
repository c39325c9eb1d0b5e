using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Torsion.Testing;

namespace Torsion.Tests.Stress;

/// <summary>
/// Issue 8, items 10 and 11: failures that used to be reported nowhere. The ones about process exit
/// and the global reactor run in a child process (see <see cref="ExitScenarios"/>).
/// </summary>
[Collection("child processes")]
public class LostFailureTests
{
    private static async Task<(string Output, string Errors)> Child(string scenario)
    {
        (int exitCode, string output, string errors) = await ChildProcess.RunAsync("exit", scenario);
        Assert.True(exitCode == 0 && output.Contains("PASS"), "exit code " + exitCode + "\n" + output + "\n" + errors);
        return (output, errors);
    }

    [Fact]
    public async Task A_failed_Deferred_dropped_just_before_Main_returns_is_reported_on_standard_error()
    {
        (_, string errors) = await Child("failure-dropped-before-exit");
        Assert.Contains("Unhandled error in Deferred", errors);
        Assert.Contains("dropped just before exit", errors);
    }

    [Fact]
    public async Task A_throwing_Unhandled_subscriber_does_not_hide_the_report()
    {
        (_, string errors) = await Child("throwing-subscriber");
        Assert.Contains("reported despite the subscriber", errors);
        Assert.Contains("the subscriber is broken", errors);
    }

    [Fact]
    public async Task The_global_reactor_logs_a_throwing_callback_to_standard_error_by_default()
    {
        (_, string errors) = await Child("global-reactor-logs-to-stderr");
        Assert.Contains("thrown by a delayed call", errors);
        Assert.Contains("InvalidOperationException", errors);
    }

    [Fact]
    public async Task React_Run_logs_a_failed_main_to_standard_error_by_default()
    {
        (_, string errors) = await Child("react-run-failure-logs-to-stderr");
        Assert.Contains("main function encountered error", errors);
        Assert.Contains("main failed", errors);
    }

    [Fact]
    public async Task Reactor_Logger_set_to_NullLogger_silences_the_global_reactor()
    {
        (_, string errors) = await Child("global-reactor-silenced");
        Assert.DoesNotContain("thrown by a delayed call", errors);
    }

    [Fact]
    public void A_Cooperator_task_that_fails_with_nobody_calling_WhenDone_is_reported_when_dropped()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        RunFailingTask();
        UnhandledFailures.CollectNow();
        IReadOnlyList<Failure> failures = capture.Flush(typeof(InvalidOperationException));
        Assert.Single(failures);
        Assert.Equal("the iterator failed", failures[0].Value.Message);
    }

    [Fact]
    public void A_Cooperator_task_failure_seen_later_through_WhenDone_is_not_reported()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        CooperativeTask task = cooperator.Cooperate(Failing());
        clock.Advance(TimeSpan.FromSeconds(1));
        Deferred<IEnumerator<object?>> done = task.WhenDone();
        Assert.True(done.IsFailed);
        done.MarkFailureHandled();
        GC.KeepAlive(task);
        UnhandledFailures.CollectNow();
        Assert.Empty(capture.Flush(typeof(InvalidOperationException)));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void RunFailingTask()
    {
        var clock = new Clock();
        var cooperator = new Cooperator(clock);
        cooperator.Cooperate(Failing());
        clock.Advance(TimeSpan.FromSeconds(1));
    }

    private static IEnumerator<object?> Failing()
    {
        yield return null;
        throw new InvalidOperationException("the iterator failed");
    }

    [Fact]
    public void A_paused_failed_Deferred_with_an_errback_queued_is_reported_when_dropped()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        DropPausedFailure();
        UnhandledFailures.CollectNow();
        IReadOnlyList<Failure> failures = capture.Flush(typeof(InvalidOperationException));
        Assert.Single(failures);
        Assert.Equal("paused and dropped", failures[0].Value.Message);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DropPausedFailure()
    {
        var deferred = new Deferred();
        deferred.Pause();
        deferred.Errback(new InvalidOperationException("paused and dropped"));
        deferred.AddErrback(static f => f);
    }
}
