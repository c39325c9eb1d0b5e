# Runs the utility scenarios of UtilitiesDifferentialTests.cs under Twisted and prints their traces.
# Each scenario prints "=== name", its trace lines, then "=== end". The C# test replays the same
# scenarios against Torsion and compares line by line, with this script's output as recorded in
# utilities_reference.twisted.txt by tools/record-twisted-references.sh.
# Exit code 2: Twisted cannot be imported.
import sys

try:
    from twisted.internet import defer
    from twisted.python.failure import Failure
except ImportError as error:
    print(error, file=sys.stderr)
    sys.exit(2)

NAMES = {
    ValueError: "ValueError",
    defer.CancelledError: "CancelledError",
    defer.FirstError: "FirstError",
    defer.QueueOverflow: "QueueOverflow",
    defer.QueueUnderflow: "QueueUnderflow",
    AssertionError: "AssertionError",
    defer.AlreadyCalledError: "AlreadyCalledError",
}


def name_of(exception):
    return NAMES.get(type(exception), type(exception).__name__)


def fmt(value):
    if isinstance(value, Failure):
        if isinstance(value.value, defer.FirstError):
            return "Failure(FirstError #%d %s)" % (value.value.index, fmt(value.value.subFailure))
        return "Failure(%s)" % name_of(value.value)
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, (defer.DeferredLock, defer.DeferredSemaphore)):
        return "<primitive>"
    return repr(value)


def state(d):
    if not d.called:
        return "pending"
    if d.paused or isinstance(d.result, defer.Deferred):
        return "waiting"
    return "result " + fmt(d.result)


SCENARIOS = []


def scenario(function):
    SCENARIOS.append(function)
    return function


def handle(d):
    d.addErrback(lambda f: None)


@scenario
def deferredlist_all_fire(out):
    d1, d2, d3 = defer.Deferred(), defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2, d3])
    d1.callback(1)
    out.append("after d1: " + state(dl))
    d2.errback(ValueError("d2"))
    d3.callback(3)
    out.append("list: " + state(dl))
    out.append("d2: " + state(d2))
    handle(d2)


@scenario
def deferredlist_empty(out):
    out.append("plain: " + state(defer.DeferredList([])))
    out.append("fireOnOneCallback: " + state(defer.DeferredList([], fireOnOneCallback=True)))
    out.append("fireOnOneErrback: " + state(defer.DeferredList([], fireOnOneErrback=True)))


@scenario
def deferredlist_fire_on_one_callback(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2], fireOnOneCallback=True)
    d1.errback(ValueError("d1"))
    out.append("after failure: " + state(dl))
    d2.callback(7)
    out.append("list: " + state(dl))
    out.append("d1: " + state(d1))
    handle(d1)


@scenario
def deferredlist_fire_on_one_callback_all_fail(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2], fireOnOneCallback=True, consumeErrors=True)
    d1.errback(ValueError("d1"))
    d2.errback(ValueError("d2"))
    out.append("list: " + state(dl))


@scenario
def deferredlist_fire_on_one_errback(out):
    d1, d2, d3 = defer.Deferred(), defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2, d3], fireOnOneErrback=True)
    d1.callback(1)
    d2.errback(ValueError("d2"))
    out.append("list: " + state(dl))
    d3.errback(ValueError("d3"))
    out.append("list after d3: " + state(dl))
    out.append("d2: " + state(d2))
    handle(d2)
    handle(d3)
    handle(dl)


@scenario
def deferredlist_consume_errors(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2], consumeErrors=True)
    d1.errback(ValueError("d1"))
    d2.callback(2)
    out.append("list: " + state(dl))
    out.append("d1: " + state(d1))
    out.append("d2: " + state(d2))


@scenario
def deferredlist_already_fired(out):
    d1 = defer.fail(ValueError("d1"))
    d2 = defer.succeed(2)
    d3 = defer.Deferred()
    dl = defer.DeferredList([d1, d2, d3], consumeErrors=True)
    out.append("list: " + state(dl))
    d3.callback(3)
    out.append("list: " + state(dl))


@scenario
def deferredlist_cancel(out):
    d1 = defer.Deferred(lambda d: d.callback("from canceller"))
    d2 = defer.Deferred()
    dl = defer.DeferredList([d1, d2])
    dl.cancel()
    out.append("list: " + state(dl))
    out.append("d1: " + state(d1))
    out.append("d2: " + state(d2))
    handle(d2)


@scenario
def deferredlist_cancel_fire_on_one_errback(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2], fireOnOneErrback=True, consumeErrors=True)
    dl.cancel()
    out.append("list: " + state(dl))
    dl.cancel()
    out.append("list: " + state(dl))
    handle(dl)


@scenario
def deferredlist_cancel_after_fired(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    dl = defer.DeferredList([d1, d2], fireOnOneCallback=True)
    d1.callback(1)
    dl.cancel()
    out.append("list: " + state(dl))
    out.append("d2: " + state(d2))


@scenario
def gather_results(out):
    out.append("success: " + state(defer.gatherResults([defer.succeed(1), defer.succeed(2)])))
    bad = defer.Deferred()
    g = defer.gatherResults([defer.succeed(1), bad], consumeErrors=True)
    bad.errback(ValueError("bad"))
    out.append("failure: " + state(g))
    out.append("bad: " + state(bad))
    handle(g)


@scenario
def gather_results_cancel(out):
    d1, d2 = defer.Deferred(), defer.Deferred()
    g = defer.gatherResults([d1, d2])
    g.cancel()
    out.append("gathered: " + state(g))
    out.append("d1: " + state(d1))
    out.append("d2: " + state(d2))
    handle(g)
    handle(d1)
    handle(d2)


@scenario
def lock_sequence(out):
    lock = defer.DeferredLock()
    fired = []
    lock.acquire().addCallback(lambda _: fired.append("a"))
    out.append("locked=%s fired=%s" % (lock.locked, fired))
    lock.acquire().addCallback(lambda _: fired.append("b"))
    w = lock.acquire()
    w.addBoth(lambda r: fired.append("c " + fmt(r)))
    out.append("waiting=%d fired=%s" % (len(lock.waiting), fired))
    w.cancel()
    out.append("waiting=%d fired=%s" % (len(lock.waiting), fired))
    lock.release()
    out.append("locked=%s fired=%s" % (lock.locked, fired))
    lock.release()
    out.append("locked=%s" % lock.locked)
    try:
        lock.release()
    except Exception as e:
        out.append("release: %s %s" % (name_of(e), e))


@scenario
def lock_run(out):
    lock = defer.DeferredLock()
    control = defer.Deferred()
    r = lock.run(lambda: control)
    out.append("locked=%s r=%s" % (lock.locked, state(r)))
    control.callback(5)
    out.append("locked=%s r=%s" % (lock.locked, state(r)))
    def fails():
        raise ValueError("x")

    r2 = lock.run(fails)
    out.append("locked=%s r2=%s" % (lock.locked, state(r2)))
    handle(r2)


@scenario
def semaphore_sequence(out):
    sem = defer.DeferredSemaphore(2)
    out.append("limit=%d tokens=%d" % (sem.limit, sem.tokens))
    fired = []
    for name in "abcd":
        sem.acquire().addCallback(lambda _, n=name: fired.append(n))
    out.append("tokens=%d waiting=%d fired=%s" % (sem.tokens, len(sem.waiting), fired))
    sem.release()
    out.append("tokens=%d waiting=%d fired=%s" % (sem.tokens, len(sem.waiting), fired))
    for _ in range(3):
        sem.release()
        out.append("tokens=%d waiting=%d fired=%s" % (sem.tokens, len(sem.waiting), fired))
    try:
        sem.release()
    except Exception as e:
        out.append("release: %s %s" % (name_of(e), e))
    try:
        defer.DeferredSemaphore(0)
    except Exception as e:
        out.append("tokens 0: %s %s" % (name_of(e), e))


@scenario
def queue_sequence(out):
    q = defer.DeferredQueue(2, 2)
    gotten = []
    for _ in range(2):
        q.get().addCallback(gotten.append)
    try:
        q.get()
    except Exception as e:
        out.append("get: " + name_of(e))
    for i in range(4):
        q.put(i)
        out.append("put %d: gotten=%s pending=%d" % (i, gotten, len(q.pending)))
    try:
        q.put(4)
    except Exception as e:
        out.append("put 4: " + name_of(e))
    out.append("get: " + state(q.get()))
    d = q.get()
    out.append("get: " + state(d))
    w = q.get()
    w.cancel()
    out.append("cancelled get: %s waiting=%d" % (state(w), len(q.waiting)))
    handle(w)
    q.put(9)
    out.append("pending=%d" % len(q.pending))


def main():
    for function in SCENARIOS:
        out = []
        function(out)
        print("=== " + function.__name__)
        for line in out:
            print(line)
        print("=== end")


main()
