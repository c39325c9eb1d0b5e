using System;
using System.Collections.Generic;
using System.Linq;
using Torsion.Tests.Reference;

namespace Torsion.Tests.Reactors.Reference;

/// <summary>
/// The reactor against Twisted 22.4 itself: each scenario is written once here and once in
/// reactor_reference.py (same name, same steps, a fresh EPollReactor there), and every Torsion
/// reactor must produce Twisted's trace line for line: the script's output recorded in
/// reactor_reference.twisted.txt (<see cref="ReactorReference"/>; no Python runs here). Booleans and
/// exception names are printed the way Python prints them.
/// </summary>
public class ReactorDifferentialTests
{
    private static readonly Dictionary<string, Action<ReactorBase, List<string>>> s_scenarios = new(StringComparer.Ordinal)
    {
        ["lifecycle_triggers"] = LifecycleTriggers,
        ["delayed_calls"] = DelayedCalls,
        ["crash_and_rerun"] = CrashAndRerun,
        ["trigger_removal"] = TriggerRemoval,
        ["iteration_order"] = IterationOrder,
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in s_scenarios.Keys)
        {
            foreach (object[] kind in ReactorKinds.All())
            {
                data.Add(name, (string)kind[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TraceMatchesTwisted(string name, string kind)
    {
        Assert.True(ReactorReference.Traces.TryGetValue(name, out List<string>? twisted), "Twisted's recording " + ReactorReference.RecordingPath + " has no scenario " + name + ": run tools/record-twisted-references.sh");
        using var reactor = ReactorKinds.Create(kind);
        var torsion = new List<string>();
        s_scenarios[name](reactor, torsion);
        Assert.Equal(twisted, torsion);
    }

    [Fact]
    public void EveryScenarioHasARecordedTraceAndEveryRecordedTraceAScenario()
        => RecordingCoverage.AssertSameNames(nameof(ReactorDifferentialTests), s_scenarios.Keys, ReactorReference.Recording);

    private static string Py(bool value) => value ? "True" : "False";

    private static string PythonName(Exception e) => e switch
    {
        ReactorNotRunningException => "ReactorNotRunning",
        ReactorNotRestartableException => "ReactorNotRestartable",
        ReactorAlreadyRunningException => "ReactorAlreadyRunning",
        AlreadyCalledException => "AlreadyCalled",
        AlreadyCancelledException => "AlreadyCancelled",
        ArgumentException => "ValueError",
        _ => e.GetType().Name,
    };

    private static void Attempt(List<string> t, string label, Action f)
    {
        try
        {
            f();
            t.Add(label + ": ok");
        }
        catch (Exception e)
        {
            t.Add(label + ": " + PythonName(e));
        }
    }

    private static void LifecycleTriggers(ReactorBase r, List<string> t)
    {
        r.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Startup, () => t.Add("before startup running=" + Py(r.Running)));
        r.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, () => t.Add("after startup running=" + Py(r.Running)));
        r.CallWhenRunning(() => t.Add("when running 1"));
        r.CallWhenRunning(() => t.Add("when running 2"));
        r.CallLater(TimeSpan.Zero, () => t.Add("later 0"));
        r.CallLater(TimeSpan.FromMilliseconds(10), () =>
        {
            t.Add("stopping");
            r.Stop();
            t.Add("stop returned running=" + Py(r.Running));
            Attempt(t, "stop again", r.Stop);
        });
        r.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
        {
            t.Add("before shutdown");
            var d = new Deferred();
            r.CallLater(TimeSpan.FromMilliseconds(10), () =>
            {
                t.Add("before's deferred fires");
                d.Callback(null);
            });
            return d;
        });
        r.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => t.Add("during shutdown running=" + Py(r.Running)));
        r.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => t.Add("after shutdown"));
        ReactorKinds.RunBounded(r);
        t.Add("run returned");
        Attempt(t, "run again", () => r.Run(installSignalHandlers: false));
        Attempt(t, "stop after run", r.Stop);
    }

    private static void DelayedCalls(ReactorBase r, List<string> t)
    {
        var calls = new Dictionary<string, IDelayedCall>();
        void Report(string name)
        {
            var c = (DelayedCall)calls[name];
            t.Add($"{name} runs called={Py(c.Called)} active={Py(c.Active)}");
            Attempt(t, name + " cancel inside", c.Cancel);
        }

        // Only "c" after its reset vs "a" depends on how long these statements take: 250 ms of
        // margin. Every other pair is ordered whatever the pauses (the later-scheduled call also has
        // the later deadline), so a loaded machine cannot change the trace.
        calls["a"] = r.CallLater(TimeSpan.FromMilliseconds(250), () => Report("a"));
        calls["b"] = r.CallLater(TimeSpan.FromMilliseconds(10), () => Report("b"));
        calls["c"] = r.CallLater(TimeSpan.FromMilliseconds(300), () => Report("c"));
        calls["gone"] = r.CallLater(TimeSpan.FromMilliseconds(5), () => Report("gone"));
        t.Add("active before cancel=" + Py(calls["gone"].Active));
        calls["gone"].Cancel();
        t.Add("active after cancel=" + Py(calls["gone"].Active));
        Attempt(t, "cancel again", calls["gone"].Cancel);
        Attempt(t, "reset cancelled", () => calls["gone"].Reset(TimeSpan.FromSeconds(1)));
        Attempt(t, "delay cancelled", () => calls["gone"].Delay(TimeSpan.FromSeconds(1)));
        t.Add("pending=" + r.GetDelayedCalls().Count);
        calls["c"].Reset(TimeSpan.FromMilliseconds(1));
        calls["b"].Delay(TimeSpan.FromMilliseconds(250));
        r.CallLater(TimeSpan.FromMilliseconds(300), r.Stop);
        ReactorKinds.RunBounded(r);
        Attempt(t, "cancel called", calls["a"].Cancel);
        Attempt(t, "reset called", () => calls["a"].Reset(TimeSpan.FromSeconds(1)));
        // RunBounded's guard was cancelled, as Python's list holds no guard: count the rest.
        t.Add("pending=" + r.GetDelayedCalls().Count);
    }

    private static void CrashAndRerun(ReactorBase r, List<string> t)
    {
        r.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => t.Add("during shutdown"));
        r.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Startup, () => t.Add("after startup"));
        r.CallWhenRunning(() => t.Add("first run running=" + Py(r.Running)));
        r.CallWhenRunning(r.Crash);
        ReactorKinds.RunBounded(r);
        t.Add("first run returned running=" + Py(r.Running));
        r.CallWhenRunning(() => t.Add("second run running=" + Py(r.Running)));
        r.CallWhenRunning(r.Stop);
        ReactorKinds.RunBounded(r);
        t.Add("second run returned");
    }

    private static void TriggerRemoval(ReactorBase r, List<string> t)
    {
        var ids = new Dictionary<string, SystemEventTriggerId>();
        ids["x"] = r.AddSystemEventTrigger(SystemEventPhase.During, "custom", () => t.Add("x"));
        ids["y"] = r.AddSystemEventTrigger(SystemEventPhase.During, "custom", () => t.Add("y"));
        r.AddSystemEventTrigger(SystemEventPhase.Before, "custom", () =>
        {
            t.Add("remover");
            r.RemoveSystemEventTrigger(ids["late"]);
        });
        ids["late"] = r.AddSystemEventTrigger(SystemEventPhase.Before, "custom", () => t.Add("late"));
        r.AddSystemEventTrigger(SystemEventPhase.After, "custom", () => throw new InvalidOperationException("boom"));
        r.AddSystemEventTrigger(SystemEventPhase.After, "custom", () => t.Add("after boom"));
        r.RemoveSystemEventTrigger(ids["x"]);
        Attempt(t, "remove again", () => r.RemoveSystemEventTrigger(ids["x"]));
        r.FireSystemEvent("custom");
        t.Add("fired");
        r.FireSystemEvent("custom");
        t.Add("fired again");
        Attempt(t, "remove ran", () => r.RemoveSystemEventTrigger(ids["y"]));
    }

    private static void IterationOrder(ReactorBase r, List<string> t)
    {
        r.CallFromThread(() => t.Add("thread call queued before run"));
        r.CallWhenRunning(() =>
        {
            t.Add("when running");
            r.CallFromThread(() => t.Add("thread call queued at startup"));
            r.CallLater(TimeSpan.Zero, StartChain);
            var id = r.CallWhenRunning(() => t.Add("called at once"));
            t.Add("callWhenRunning while running returns " + (id is null ? "None" : id.ToString()));
        });
        r.CallLater(TimeSpan.Zero, () => t.Add("later 0 scheduled before run"));

        void StartChain()
        {
            t.Add("later 0 scheduled at startup");
            r.CallLater(TimeSpan.Zero, () => Chain(1));
        }

        void Chain(int n)
        {
            t.Add("chain " + n);
            if (n < 3)
            {
                r.CallLater(TimeSpan.Zero, () => Chain(n + 1));
                r.CallFromThread(() => t.Add("thread call from chain " + n));
            }
            else
            {
                r.Stop();
            }
        }

        // The chain starts from a call made while timers run, so it waits for the next iteration
        // whatever the clock says (a fixed 10 ms timer raced the startup work on a loaded machine).
        ReactorKinds.RunBounded(r);
    }
}
