using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Torsion.Tests.Reference;

namespace Torsion.Tests.Utilities.Reference;

/// <summary>
/// The utilities against Twisted 22.4 itself: each scenario below is written once in C# and once in
/// utilities_reference.py (same name, same steps), and their traces must be identical (the script's
/// output is recorded in utilities_reference.twisted.txt, <see cref="UtilitiesReference"/>; no Python
/// runs here). Results are
/// printed the way Python prints them (True, None, 'text', tuples, lists; failures as
/// Failure(PythonExceptionName)).
/// </summary>
public class UtilitiesDifferentialTests
{
    private static readonly Dictionary<string, Action<List<string>>> s_scenarios = new(StringComparer.Ordinal)
    {
        ["deferredlist_all_fire"] = DeferredListAllFire,
        ["deferredlist_empty"] = DeferredListEmpty,
        ["deferredlist_fire_on_one_callback"] = DeferredListFireOnOneCallback,
        ["deferredlist_fire_on_one_callback_all_fail"] = DeferredListFireOnOneCallbackAllFail,
        ["deferredlist_fire_on_one_errback"] = DeferredListFireOnOneErrback,
        ["deferredlist_consume_errors"] = DeferredListConsumeErrors,
        ["deferredlist_already_fired"] = DeferredListAlreadyFired,
        ["deferredlist_cancel"] = DeferredListCancel,
        ["deferredlist_cancel_fire_on_one_errback"] = DeferredListCancelFireOnOneErrback,
        ["deferredlist_cancel_after_fired"] = DeferredListCancelAfterFired,
        ["gather_results"] = GatherResults,
        ["gather_results_cancel"] = GatherResultsCancel,
        ["lock_sequence"] = LockSequence,
        ["lock_run"] = LockRun,
        ["semaphore_sequence"] = SemaphoreSequence,
        ["queue_sequence"] = QueueSequence,
    };

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string name in s_scenarios.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TraceMatchesTwisted(string name)
    {
        Assert.True(UtilitiesReference.Traces.TryGetValue(name, out List<string>? twisted), "Twisted's recording " + UtilitiesReference.RecordingPath + " has no scenario " + name + ": run tools/record-twisted-references.sh");
        var torsion = new List<string>();
        s_scenarios[name](torsion);
        Assert.Equal(twisted, torsion);
    }

    [Fact]
    public void EveryScenarioHasARecordedTraceAndEveryRecordedTraceAScenario()
        => RecordingCoverage.AssertSameNames(nameof(UtilitiesDifferentialTests), s_scenarios.Keys, UtilitiesReference.Recording);

    private static string NameOf(Exception exception) => exception switch
    {
        GenericException or ArgumentOutOfRangeException => "ValueError",
        CancelledException => "CancelledError",
        FirstErrorException => "FirstError",
        QueueOverflowException => "QueueOverflow",
        QueueUnderflowException => "QueueUnderflow",
        AlreadyCalledException => "AlreadyCalledError",
        InvalidOperationException => "AssertionError",
        _ => exception.GetType().Name,
    };

    private static string ErrorText(Exception exception)
        => exception is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : exception.Message;

    private static string Fmt(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => "'" + s + "'",
        Failure { Value: FirstErrorException first } => "Failure(FirstError #" + first.Index + " " + Fmt(first.SubFailure) + ")",
        Failure failure => "Failure(" + NameOf(failure.Value) + ")",
        ValueTuple<bool, object?> pair => "(" + Fmt(pair.Item1) + ", " + Fmt(pair.Item2) + ")",
        ValueTuple<object?, int> pair => "(" + Fmt(pair.Item1) + ", " + Fmt(pair.Item2) + ")",
        DeferredLock or DeferredSemaphore => "<primitive>",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Fmt)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static string State(Deferred d)
        => !d.Called ? "pending" : !d.HasResult ? "waiting" : "result " + Fmt(d.CurrentResultBoxed);

    private static void Handle(Deferred d) => d.MarkFailureHandled();

    private static void DeferredListAllFire(List<string> output)
    {
        Deferred d1 = new(), d2 = new(), d3 = new();
        var dl = new DeferredList(new[] { d1, d2, d3 });
        d1.Callback(1);
        output.Add("after d1: " + State(dl));
        d2.Errback(new GenericException("d2"));
        d3.Callback(3);
        output.Add("list: " + State(dl));
        output.Add("d2: " + State(d2));
        Handle(d2);
    }

    private static void DeferredListEmpty(List<string> output)
    {
        output.Add("plain: " + State(new DeferredList(Array.Empty<Deferred>())));
        output.Add("fireOnOneCallback: " + State(new DeferredList(Array.Empty<Deferred>(), fireOnOneCallback: true)));
        output.Add("fireOnOneErrback: " + State(new DeferredList(Array.Empty<Deferred>(), fireOnOneErrback: true)));
    }

    private static void DeferredListFireOnOneCallback(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var dl = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        d1.Errback(new GenericException("d1"));
        output.Add("after failure: " + State(dl));
        d2.Callback(7);
        output.Add("list: " + State(dl));
        output.Add("d1: " + State(d1));
        Handle(d1);
    }

    private static void DeferredListFireOnOneCallbackAllFail(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var dl = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true, consumeErrors: true);
        d1.Errback(new GenericException("d1"));
        d2.Errback(new GenericException("d2"));
        output.Add("list: " + State(dl));
    }

    private static void DeferredListFireOnOneErrback(List<string> output)
    {
        Deferred d1 = new(), d2 = new(), d3 = new();
        var dl = new DeferredList(new[] { d1, d2, d3 }, fireOnOneErrback: true);
        d1.Callback(1);
        d2.Errback(new GenericException("d2"));
        output.Add("list: " + State(dl));
        d3.Errback(new GenericException("d3"));
        output.Add("list after d3: " + State(dl));
        output.Add("d2: " + State(d2));
        Handle(d2);
        Handle(d3);
        Handle(dl);
    }

    private static void DeferredListConsumeErrors(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var dl = new DeferredList(new[] { d1, d2 }, consumeErrors: true);
        d1.Errback(new GenericException("d1"));
        d2.Callback(2);
        output.Add("list: " + State(dl));
        output.Add("d1: " + State(d1));
        output.Add("d2: " + State(d2));
    }

    private static void DeferredListAlreadyFired(List<string> output)
    {
        Deferred d1 = Deferred.Fail(new GenericException("d1"));
        Deferred d2 = Deferred.Succeed((object?)2);
        var d3 = new Deferred();
        var dl = new DeferredList(new[] { d1, d2, d3 }, consumeErrors: true);
        output.Add("list: " + State(dl));
        d3.Callback(3);
        output.Add("list: " + State(dl));
    }

    private static void DeferredListCancel(List<string> output)
    {
        var d1 = new Deferred(d => d.Callback("from canceller"));
        var d2 = new Deferred();
        var dl = new DeferredList(new[] { d1, d2 });
        dl.Cancel();
        output.Add("list: " + State(dl));
        output.Add("d1: " + State(d1));
        output.Add("d2: " + State(d2));
        Handle(d2);
    }

    private static void DeferredListCancelFireOnOneErrback(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var dl = new DeferredList(new[] { d1, d2 }, fireOnOneErrback: true, consumeErrors: true);
        dl.Cancel();
        output.Add("list: " + State(dl));
        dl.Cancel();
        output.Add("list: " + State(dl));
        Handle(dl);
    }

    private static void DeferredListCancelAfterFired(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var dl = new DeferredList(new[] { d1, d2 }, fireOnOneCallback: true);
        d1.Callback(1);
        dl.Cancel();
        output.Add("list: " + State(dl));
        output.Add("d2: " + State(d2));
    }

    private static void GatherResults(List<string> output)
    {
        output.Add("success: " + State(Deferred.GatherResults(new[] { Deferred.Succeed(1), Deferred.Succeed(2) })));
        var bad = new Deferred();
        var gathered = Deferred.GatherResults(new[] { Deferred.Succeed((object?)1), bad }, consumeErrors: true);
        bad.Errback(new GenericException("bad"));
        output.Add("failure: " + State(gathered));
        output.Add("bad: " + State(bad));
        Handle(gathered);
    }

    private static void GatherResultsCancel(List<string> output)
    {
        Deferred d1 = new(), d2 = new();
        var gathered = Deferred.GatherResults(new[] { d1, d2 });
        gathered.Cancel();
        output.Add("gathered: " + State(gathered));
        output.Add("d1: " + State(d1));
        output.Add("d2: " + State(d2));
        Handle(gathered);
        Handle(d1);
        Handle(d2);
    }

    private static void LockSequence(List<string> output)
    {
        var lockObject = new DeferredLock();
        var fired = new List<object?>();
        lockObject.Acquire().AddCallback(_ => fired.Add("a"));
        output.Add("locked=" + Fmt(lockObject.Locked) + " fired=" + Fmt(fired));
        lockObject.Acquire().AddCallback(_ => fired.Add("b"));
        Deferred w = lockObject.Acquire();
        w.AddBoth(r => fired.Add("c " + Fmt(r)));
        output.Add("waiting=" + lockObject.WaitingCount + " fired=" + Fmt(fired));
        w.Cancel();
        output.Add("waiting=" + lockObject.WaitingCount + " fired=" + Fmt(fired));
        lockObject.Release();
        output.Add("locked=" + Fmt(lockObject.Locked) + " fired=" + Fmt(fired));
        lockObject.Release();
        output.Add("locked=" + Fmt(lockObject.Locked));
        try
        {
            lockObject.Release();
        }
        catch (Exception e)
        {
            output.Add("release: " + NameOf(e) + " " + ErrorText(e));
        }
    }

    private static void LockRun(List<string> output)
    {
        var lockObject = new DeferredLock();
        var control = new Deferred<int>();
        var r = lockObject.Run(() => control);
        output.Add("locked=" + Fmt(lockObject.Locked) + " r=" + State(r));
        control.Callback(5);
        output.Add("locked=" + Fmt(lockObject.Locked) + " r=" + State(r));
        var r2 = lockObject.Run(new Func<int>(() => throw new GenericException("x")));
        output.Add("locked=" + Fmt(lockObject.Locked) + " r2=" + State(r2));
        Handle(r2);
    }

    private static void SemaphoreSequence(List<string> output)
    {
        var semaphore = new DeferredSemaphore(2);
        output.Add("limit=" + semaphore.Limit + " tokens=" + semaphore.Tokens);
        var fired = new List<object?>();
        foreach (string name in new[] { "a", "b", "c", "d" })
        {
            semaphore.Acquire().AddCallback(_ => fired.Add(name));
        }

        output.Add("tokens=" + semaphore.Tokens + " waiting=" + semaphore.WaitingCount + " fired=" + Fmt(fired));
        semaphore.Release();
        output.Add("tokens=" + semaphore.Tokens + " waiting=" + semaphore.WaitingCount + " fired=" + Fmt(fired));
        for (int i = 0; i < 3; i++)
        {
            semaphore.Release();
            output.Add("tokens=" + semaphore.Tokens + " waiting=" + semaphore.WaitingCount + " fired=" + Fmt(fired));
        }

        try
        {
            semaphore.Release();
        }
        catch (Exception e)
        {
            output.Add("release: " + NameOf(e) + " " + ErrorText(e));
        }

        try
        {
            _ = new DeferredSemaphore(0);
        }
        catch (Exception e)
        {
            output.Add("tokens 0: " + NameOf(e) + " " + ErrorText(e));
        }
    }

    private static void QueueSequence(List<string> output)
    {
        var queue = new DeferredQueue<object?>(2, 2);
        var gotten = new List<object?>();
        for (int i = 0; i < 2; i++)
        {
            queue.Get().AddCallback(x => gotten.Add(x));
        }

        try
        {
            queue.Get();
        }
        catch (Exception e)
        {
            output.Add("get: " + NameOf(e));
        }

        for (int i = 0; i < 4; i++)
        {
            queue.Put(i);
            output.Add("put " + i + ": gotten=" + Fmt(gotten) + " pending=" + queue.PendingCount);
        }

        try
        {
            queue.Put(4);
        }
        catch (Exception e)
        {
            output.Add("put 4: " + NameOf(e));
        }

        output.Add("get: " + State(queue.Get()));
        output.Add("get: " + State(queue.Get()));
        var w = queue.Get();
        w.Cancel();
        output.Add("cancelled get: " + State(w) + " waiting=" + queue.WaitingCount);
        Handle(w);
        queue.Put(9);
        output.Add("pending=" + queue.PendingCount);
    }
}
