#!/usr/bin/python3
"""Runs the Deferred scenarios of scenarios.txt in Twisted and prints one trace per scenario.

This is the reference half of Torsion's differential check: ReferenceInterpreter.cs runs the same
scenarios against Torsion's untyped Deferred, and DifferentialTests.cs compares the two traces
line by line. The scenario language is described at the top of scenarios.txt; both interpreters
must implement it identically. The tests do not run this script: they read its output recorded in
scenarios.twisted.txt and divergences.twisted.txt, which tools/record-twisted-references.sh
rewrites (and CI checks against a live run).

Usage: /usr/bin/python3 twisted_interpreter.py scenarios.txt
Output: for each scenario, a line "=== NAME", its trace lines, then "=== end".
Exit status: 0 on success; 2 when Twisted cannot be imported; 3 on a malformed scenario file.
"""

import sys

try:
    from twisted.internet import defer
    from twisted.python.failure import Failure
except ImportError as error:  # pragma: no cover - exercised when python3-twisted is missing
    sys.stderr.write(
        "Twisted cannot be imported by %s (%s). Install Debian's python3-twisted "
        "(apt-get install -y python3-twisted).\n" % (sys.executable, error))
    sys.exit(2)


class ScenarioError(Exception):
    """The scenario file is malformed (a bug in the scenario, not in Twisted)."""


# The exception names a scenario may use, and the Python types they stand for. The C# interpreter
# maps the same names to Torsion's and its own test exception types.
EXCEPTIONS = {
    "ValueError": ValueError,
    "TypeError": TypeError,
    "LookupError": LookupError,
    "KeyError": KeyError,
    "CancelledError": defer.CancelledError,
    "AlreadyCalledError": defer.AlreadyCalledError,
}


def exception_class(name):
    try:
        return EXCEPTIONS[name]
    except KeyError:
        raise ScenarioError("unknown exception name %r" % name)


def make_exception(name, tag):
    """A new exception of the named type whose message is the tag of the place that raised it."""
    return exception_class(name)(tag)


def parse_value(token):
    if token == "None":
        return None
    try:
        return int(token)
    except ValueError:
        raise ScenarioError("bad value %r (an integer or None)" % token)


def describe_exception(exc):
    name = type(exc).__name__
    if type(exc) in (ValueError, TypeError, LookupError, KeyError) and exc.args:
        return "%s: %s" % (name, exc.args[0])
    return name


def describe(value, names):
    if isinstance(value, Failure):
        return "Failure(%s)" % describe_exception(value.value)
    if isinstance(value, defer.Deferred):
        return "Deferred(%s)" % names.get(id(value), "?")
    if value is None:
        return "None"
    if isinstance(value, bool):
        raise ScenarioError("booleans are not scenario values")
    if isinstance(value, int):
        return str(value)
    return "object(%s)" % type(value).__name__


class Scenario:
    def __init__(self, name, statements):
        self.name = name
        self.statements = statements
        self.trace = []
        self.deferreds = {}  # name -> Deferred
        self.order = []  # names in creation order
        self.names = {}  # id(Deferred) -> name
        self.hooks = {}  # handler label -> statements run when it is called
        self.malformed = []  # scenario errors raised inside handlers

    # -- output ---------------------------------------------------------------------------------

    def emit(self, line):
        self.trace.append(line)

    def state(self, name):
        d = self.deferreds[name]
        has_result = d.called and not d.paused and not isinstance(getattr(d, "result", None), defer.Deferred)
        result = describe(d.result, self.names) if has_result else "(pending)"
        return "%s: called=%s result=%s" % (name, d.called, result)

    # -- running --------------------------------------------------------------------------------

    def run(self):
        for tokens in self.statements:
            self.execute(tokens, nested=False)
        if self.malformed:
            raise ScenarioError("%s: %s" % (self.name, self.malformed[0]))
        for name in self.order:
            self.emit("final " + self.state(name))
        unhandled = []
        for name in self.order:
            info = self.deferreds[name]._debugInfo
            if info is not None and info.failResult is not None:
                unhandled.append("unhandled: " + describe(info.failResult, self.names))
        for line in sorted(unhandled):
            self.emit(line)
        # The unhandled failures were reported above; keep Twisted from logging them at exit.
        for name in self.order:
            info = self.deferreds[name]._debugInfo
            if info is not None:
                info.failResult = None

    def deferred(self, name):
        try:
            return self.deferreds[name]
        except KeyError:
            raise ScenarioError("unknown Deferred %r" % name)

    def add(self, name, d):
        if name in self.deferreds:
            raise ScenarioError("Deferred %r defined twice" % name)
        self.deferreds[name] = d
        self.order.append(name)
        self.names[id(d)] = name

    def execute(self, tokens, nested):
        self.emit((">> " if nested else "> ") + " ".join(tokens))
        try:
            self.execute_unchecked(tokens)
        except ScenarioError:
            raise
        except Exception as error:  # a statement that raised: part of the observed behaviour
            self.emit("! " + describe_exception(error))

    def execute_unchecked(self, tokens):
        if tokens[0] == "on":
            # on LABEL: STATEMENT...
            if len(tokens) < 3 or not tokens[1].endswith(":"):
                raise ScenarioError("expected 'on LABEL: STATEMENT'")
            self.hooks.setdefault(tokens[1][:-1], []).append(tokens[2:])
            return
        if tokens[0] == "new":
            self.new(tokens[1:])
            return
        if tokens[0] == "succeed":
            self.add(tokens[1], defer.succeed(parse_value(tokens[2])))
            return
        if tokens[0] == "fail":
            self.add(tokens[1], defer.fail(make_exception(tokens[2], tokens[1])))
            return
        if len(tokens) < 2:
            raise ScenarioError("statement too short: %r" % " ".join(tokens))
        d = self.deferred(tokens[0])
        verb, args = tokens[1], tokens[2:]
        if verb == "callback":
            d.callback(parse_value(args[0]))
        elif verb == "errback":
            d.errback(make_exception(args[0], tokens[0]))
        elif verb == "addCallback":
            d.addCallback(self.handler(args[0], args[1:]))
        elif verb == "addErrback":
            d.addErrback(self.handler(args[0], args[1:]))
        elif verb == "addBoth":
            d.addBoth(self.handler(args[0], args[1:]))
        elif verb == "addCallbacks":
            if "/" not in args:
                raise ScenarioError("addCallbacks needs 'LABEL OUTCOME / LABEL OUTCOME'")
            split = args.index("/")
            first, second = args[:split], args[split + 1:]
            d.addCallbacks(self.handler(first[0], first[1:]), self.handler(second[0], second[1:]))
        elif verb == "chainDeferred":
            d.chainDeferred(self.deferred(args[0]))
        elif verb == "pause":
            d.pause()
        elif verb == "unpause":
            d.unpause()
        elif verb == "cancel":
            d.cancel()
        elif verb == "show":
            self.emit(self.state(tokens[0]))
        else:
            raise ScenarioError("unknown verb %r" % verb)

    def new(self, args):
        name = args[0]
        canceller = None
        if len(args) > 1:
            if not args[1].startswith("canceller="):
                raise ScenarioError("expected canceller=KIND")
            kind, _, argument = args[1][len("canceller="):].partition(":")
            canceller = self.canceller(name, kind, argument)
        self.add(name, defer.Deferred(canceller))

    def canceller(self, name, kind, argument):
        if kind not in ("noop", "callback", "errback", "raise"):
            raise ScenarioError("unknown canceller kind %r" % kind)

        def cancel(d):
            self.emit("canceller of %s called" % name)
            if kind == "callback":
                d.callback(parse_value(argument))
            elif kind == "errback":
                d.errback(make_exception(argument, "canceller"))
            elif kind == "raise":
                raise make_exception(argument, "canceller")

        return cancel

    def handler(self, label, outcome):
        if not outcome:
            raise ScenarioError("handler %s has no outcome" % label)
        self.check_outcome(outcome)

        def run(result):
            self.emit("%s got %s" % (label, describe(result, self.names)))
            try:
                for statement in self.hooks.get(label, []):
                    self.execute(statement, nested=True)
                return self.outcome(label, outcome, result)
            except ScenarioError as error:
                # Twisted would turn this into a Failure; remember it so the run is rejected.
                self.malformed.append(str(error))
                raise

        return run

    def check_outcome(self, outcome):
        kind = outcome[0]
        if kind in ("add", "const", "raise", "failure", "return") and len(outcome) != 2:
            raise ScenarioError("%s takes one argument" % kind)
        if kind in ("pass", "reraise", "none") and len(outcome) != 1:
            raise ScenarioError("%s takes no argument" % kind)
        if kind == "trap":
            if len(outcome) < 3:
                raise ScenarioError("trap takes TYPES and an outcome")
            self.check_outcome(outcome[2:])
        elif kind not in ("add", "const", "raise", "failure", "return", "pass", "reraise", "none"):
            raise ScenarioError("unknown outcome %r" % kind)

    def outcome(self, label, outcome, result):
        kind = outcome[0]
        if kind == "add":
            if not isinstance(result, int) or isinstance(result, bool):
                raise TypeError(label)
            return result + int(outcome[1])
        if kind == "const":
            return parse_value(outcome[1])
        if kind == "none":
            return None
        if kind == "pass":
            return result
        if kind == "raise":
            raise make_exception(outcome[1], label)
        if kind == "failure":
            return Failure(make_exception(outcome[1], label))
        if kind == "return":
            return self.deferred(outcome[1])
        if kind == "reraise":
            if not isinstance(result, Failure):
                raise ScenarioError("reraise needs a failure")
            result.raiseException()
        if kind == "trap":
            if not isinstance(result, Failure):
                raise ScenarioError("trap needs a failure")
            result.trap(*[exception_class(n) for n in outcome[1].split(",")])
            return self.outcome(label, outcome[2:], result)
        raise ScenarioError("unknown outcome %r" % kind)


def parse(path):
    scenarios = []
    current = None
    with open(path, encoding="utf-8") as source:
        for number, raw in enumerate(source, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("=="):
                current = Scenario(line[2:].strip(), [])
                scenarios.append(current)
                continue
            if current is None:
                raise ScenarioError("line %d: statement before the first scenario" % number)
            current.statements.append(line.split())
    return scenarios


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: twisted_interpreter.py SCENARIO_FILE\n")
        return 3
    try:
        scenarios = parse(argv[1])
        out = []
        for scenario in scenarios:
            scenario.run()
            out.append("=== " + scenario.name)
            out.extend(scenario.trace)
            out.append("=== end")
    except ScenarioError as error:
        sys.stderr.write("malformed scenario: %s\n" % error)
        return 3
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
