# Runs the reactor scenarios of ReactorDifferentialTests.cs under Twisted (a fresh EPollReactor
# instance per scenario) and prints their traces: "=== name", the trace lines, "=== end".
# The C# test replays the same scenarios on every Torsion reactor and compares line by line, with
# this script's output as recorded in reactor_reference.twisted.txt by
# tools/record-twisted-references.sh.
# Exit code 2: Twisted cannot be imported.
import sys

try:
    from twisted.internet import defer, error
    from twisted.internet.epollreactor import EPollReactor
except ImportError as problem:
    print(problem, file=sys.stderr)
    sys.exit(2)


def attempt(t, label, f):
    try:
        f()
        t.append(label + ": ok")
    except Exception as e:
        t.append(label + ": " + type(e).__name__)


def lifecycle_triggers(r, t):
    r.addSystemEventTrigger("before", "startup", lambda: t.append("before startup running=%s" % r.running))
    r.addSystemEventTrigger("after", "startup", lambda: t.append("after startup running=%s" % r.running))
    r.callWhenRunning(lambda: t.append("when running 1"))
    r.callWhenRunning(lambda: t.append("when running 2"))
    r.callLater(0, lambda: t.append("later 0"))

    def stopper():
        t.append("stopping")
        r.stop()
        t.append("stop returned running=%s" % r.running)
        attempt(t, "stop again", r.stop)

    r.callLater(0.01, stopper)

    def before():
        t.append("before shutdown")
        d = defer.Deferred()

        def fire():
            t.append("before's deferred fires")
            d.callback(None)

        r.callLater(0.01, fire)
        return d

    r.addSystemEventTrigger("before", "shutdown", before)
    r.addSystemEventTrigger("during", "shutdown", lambda: t.append("during shutdown running=%s" % r.running))
    r.addSystemEventTrigger("after", "shutdown", lambda: t.append("after shutdown"))
    r.run(installSignalHandlers=False)
    t.append("run returned")
    attempt(t, "run again", lambda: r.run(installSignalHandlers=False))
    attempt(t, "stop after run", r.stop)


def delayed_calls(r, t):
    calls = {}

    def report(name):
        c = calls[name]
        t.append("%s runs called=%s active=%s" % (name, bool(c.called), c.active()))
        attempt(t, name + " cancel inside", c.cancel)

    # Only "c" after its reset vs "a" depends on how long these statements take: 0.25 s of margin.
    # Every other pair is ordered whatever the pauses (the later-scheduled call also has the later
    # deadline), so a loaded machine cannot change the trace.
    calls["a"] = r.callLater(0.25, lambda: report("a"))
    calls["b"] = r.callLater(0.01, lambda: report("b"))
    calls["c"] = r.callLater(0.3, lambda: report("c"))
    calls["gone"] = r.callLater(0.005, lambda: report("gone"))
    t.append("active before cancel=%s" % calls["gone"].active())
    calls["gone"].cancel()
    t.append("active after cancel=%s" % calls["gone"].active())
    attempt(t, "cancel again", calls["gone"].cancel)
    attempt(t, "reset cancelled", lambda: calls["gone"].reset(1))
    attempt(t, "delay cancelled", lambda: calls["gone"].delay(1))
    t.append("pending=%d" % len(r.getDelayedCalls()))
    calls["c"].reset(0.001)
    calls["b"].delay(0.25)
    r.callLater(0.3, r.stop)
    r.run(installSignalHandlers=False)
    attempt(t, "cancel called", calls["a"].cancel)
    attempt(t, "reset called", lambda: calls["a"].reset(1))
    t.append("pending=%d" % len(r.getDelayedCalls()))


def crash_and_rerun(r, t):
    r.addSystemEventTrigger("during", "shutdown", lambda: t.append("during shutdown"))
    r.addSystemEventTrigger("after", "startup", lambda: t.append("after startup"))
    r.callWhenRunning(lambda: t.append("first run running=%s" % r.running))
    r.callWhenRunning(r.crash)
    r.run(installSignalHandlers=False)
    t.append("first run returned running=%s" % r.running)
    r.callWhenRunning(lambda: t.append("second run running=%s" % r.running))
    r.callWhenRunning(r.stop)
    r.run(installSignalHandlers=False)
    t.append("second run returned")


def trigger_removal(r, t):
    ids = {}
    ids["x"] = r.addSystemEventTrigger("during", "custom", lambda: t.append("x"))
    ids["y"] = r.addSystemEventTrigger("during", "custom", lambda: t.append("y"))

    def remover():
        t.append("remover")
        r.removeSystemEventTrigger(ids["late"])

    r.addSystemEventTrigger("before", "custom", remover)
    ids["late"] = r.addSystemEventTrigger("before", "custom", lambda: t.append("late"))

    def boom():
        raise RuntimeError("boom")

    r.addSystemEventTrigger("after", "custom", boom)
    r.addSystemEventTrigger("after", "custom", lambda: t.append("after boom"))
    r.removeSystemEventTrigger(ids["x"])
    attempt(t, "remove again", lambda: r.removeSystemEventTrigger(ids["x"]))
    r.fireSystemEvent("custom")
    t.append("fired")
    r.fireSystemEvent("custom")
    t.append("fired again")
    attempt(t, "remove ran", lambda: r.removeSystemEventTrigger(ids["y"]))


def iteration_order(r, t):
    r.callFromThread(lambda: t.append("thread call queued before run"))

    def when_running():
        t.append("when running")
        r.callFromThread(lambda: t.append("thread call queued at startup"))
        r.callLater(0, start_chain)
        t.append("callWhenRunning while running returns %s" % r.callWhenRunning(lambda: t.append("called at once")))

    r.callWhenRunning(when_running)
    r.callLater(0, lambda: t.append("later 0 scheduled before run"))

    def start_chain():
        t.append("later 0 scheduled at startup")
        r.callLater(0, chain, 1)

    def chain(n):
        t.append("chain %d" % n)
        if n < 3:
            r.callLater(0, chain, n + 1)
            r.callFromThread(lambda: t.append("thread call from chain %d" % n))
        else:
            r.stop()

    # The chain starts from a call made while timers run, so it waits for the next iteration
    # whatever the clock says (a fixed 10 ms timer raced the startup work on a loaded machine).
    r.run(installSignalHandlers=False)


SCENARIOS = [lifecycle_triggers, delayed_calls, crash_and_rerun, trigger_removal, iteration_order]

for scenario in SCENARIOS:
    reactor = EPollReactor()
    trace = []
    scenario(reactor, trace)
    print("=== " + scenario.__name__)
    for line in trace:
        print(line)
    print("=== end")
