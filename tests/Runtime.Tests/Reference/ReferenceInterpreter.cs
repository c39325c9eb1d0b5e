using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Torsion.Tests.Reference;

/// <summary>
/// Runs one scenario of the scenario language (see scenarios/scenarios.txt) against Torsion's
/// untyped <see cref="Deferred"/> and records the trace: the C# twin of twisted_interpreter.py,
/// which must print the same lines for the same behaviour.
/// </summary>
internal sealed class ReferenceInterpreter
{
    private readonly ReferenceScenario _scenario;
    private readonly List<string> _trace = new();
    private readonly Dictionary<string, Deferred> _deferreds = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();
    private readonly Dictionary<Deferred, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<string[]>> _hooks = new(StringComparer.Ordinal);
    private readonly List<string> _malformed = new();

    private ReferenceInterpreter(ReferenceScenario scenario) => _scenario = scenario;

    /// <summary>
    /// Runs <paramref name="scenario"/> and returns its full trace, including the
    /// "unhandled: …" lines: every failure that a chain ended with and nothing handled, found by
    /// collecting the scenario's Deferreds under an <see cref="UnhandledFailureCapture"/>.
    /// </summary>
    public static List<string> Run(ReferenceScenario scenario)
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        List<string> trace = RunAndForget(scenario);
        var unhandled = new List<string>();
        foreach (Failure failure in capture.Flush())
        {
            unhandled.Add("unhandled: " + DescribeFailure(failure));
        }

        unhandled.Sort(StringComparer.Ordinal);
        trace.AddRange(unhandled);
        return trace;
    }

    /// <summary>Runs the scenario in its own frame, so none of its Deferreds stays reachable afterwards.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<string> RunAndForget(ReferenceScenario scenario)
    {
        var interpreter = new ReferenceInterpreter(scenario);
        interpreter.RunStatements();
        return interpreter._trace;
    }

    private void RunStatements()
    {
        foreach (string[] tokens in _scenario.Statements)
        {
            Execute(tokens, nested: false);
        }

        if (_malformed.Count > 0)
        {
            throw new ReferenceScenarioException(_scenario.Name + ": " + _malformed[0]);
        }

        foreach (string name in _order)
        {
            _trace.Add("final " + State(name));
        }
    }

    private void Execute(string[] tokens, bool nested)
    {
        _trace.Add((nested ? ">> " : "> ") + string.Join(' ', tokens));
        try
        {
            ExecuteUnchecked(tokens);
        }
        catch (ReferenceScenarioException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A statement that threw is part of the observed behaviour.
            _trace.Add("! " + ReferenceExceptionNames.Describe(exception));
        }
    }

    private void ExecuteUnchecked(string[] tokens)
    {
        switch (tokens[0])
        {
            case "on":
                if (tokens.Length < 3 || !tokens[1].EndsWith(':'))
                {
                    throw new ReferenceScenarioException("expected 'on LABEL: STATEMENT'");
                }

                string label = tokens[1][..^1];
                if (!_hooks.TryGetValue(label, out List<string[]>? hooks))
                {
                    _hooks[label] = hooks = new List<string[]>();
                }

                hooks.Add(tokens[2..]);
                return;
            case "new":
                New(tokens[1..]);
                return;
            case "succeed":
                Add(tokens[1], Deferred.Succeed(ParseValue(tokens[2])));
                return;
            case "fail":
                Add(tokens[1], Deferred.Fail(ReferenceExceptionNames.Create(tokens[2], tokens[1])));
                return;
        }

        if (tokens.Length < 2)
        {
            throw new ReferenceScenarioException("statement too short: '" + string.Join(' ', tokens) + "'");
        }

        Deferred d = Lookup(tokens[0]);
        string[] args = tokens[2..];
        switch (tokens[1])
        {
            case "callback":
                d.Callback(ParseValue(args[0]));
                break;
            case "errback":
                d.Errback(ReferenceExceptionNames.Create(args[0], tokens[0]));
                break;
            case "addCallback":
                d.AddCallback(Handler(args[0], args[1..]));
                break;
            case "addErrback":
            {
                Func<object?, object?> errback = Handler(args[0], args[1..]);
                d.AddErrback((Func<Failure, object?>)(failure => errback(failure)));
                break;
            }

            case "addBoth":
                d.AddBoth(Handler(args[0], args[1..]));
                break;
            case "addCallbacks":
            {
                int split = Array.IndexOf(args, "/");
                if (split < 1)
                {
                    throw new ReferenceScenarioException("addCallbacks needs 'LABEL OUTCOME / LABEL OUTCOME'");
                }

                Func<object?, object?> callback = Handler(args[0], args[1..split]);
                Func<object?, object?> errback = Handler(args[split + 1], args[(split + 2)..]);
                d.AddCallbacks(callback, failure => errback(failure));
                break;
            }

            case "chainDeferred":
                d.ChainDeferred(Lookup(args[0]));
                break;
            case "pause":
                d.Pause();
                break;
            case "unpause":
                d.Unpause();
                break;
            case "cancel":
                d.Cancel();
                break;
            case "show":
                _trace.Add(State(tokens[0]));
                break;
            default:
                throw new ReferenceScenarioException("unknown verb '" + tokens[1] + "'");
        }
    }

    private void New(string[] args)
    {
        string name = args[0];
        Action<Deferred>? canceller = null;
        if (args.Length > 1)
        {
            const string prefix = "canceller=";
            if (!args[1].StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new ReferenceScenarioException("expected canceller=KIND");
            }

            string spec = args[1][prefix.Length..];
            int colon = spec.IndexOf(':');
            string kind = colon < 0 ? spec : spec[..colon];
            string argument = colon < 0 ? string.Empty : spec[(colon + 1)..];
            canceller = Canceller(name, kind, argument);
        }

        Add(name, new Deferred(canceller));
    }

    private Action<Deferred> Canceller(string name, string kind, string argument)
    {
        if (kind is not ("noop" or "callback" or "errback" or "raise"))
        {
            throw new ReferenceScenarioException("unknown canceller kind '" + kind + "'");
        }

        return d =>
        {
            _trace.Add("canceller of " + name + " called");
            if (kind == "callback")
            {
                d.Callback(ParseValue(argument));
            }
            else if (kind == "errback")
            {
                d.Errback(ReferenceExceptionNames.Create(argument, "canceller"));
            }
            else if (kind == "raise")
            {
                throw ReferenceExceptionNames.Create(argument, "canceller");
            }
        };
    }

    private Func<object?, object?> Handler(string label, string[] outcome)
    {
        if (outcome.Length == 0)
        {
            throw new ReferenceScenarioException("handler " + label + " has no outcome");
        }

        CheckOutcome(outcome);
        return result =>
        {
            _trace.Add(label + " got " + Describe(result));
            try
            {
                if (_hooks.TryGetValue(label, out List<string[]>? hooks))
                {
                    foreach (string[] statement in hooks)
                    {
                        Execute(statement, nested: true);
                    }
                }

                return Outcome(label, outcome, result);
            }
            catch (ReferenceScenarioException error)
            {
                // The Deferred would turn this into a Failure; remember it so the run is rejected.
                _malformed.Add(error.Message);
                throw;
            }
        };
    }

    private static void CheckOutcome(string[] outcome)
    {
        switch (outcome[0])
        {
            case "add" or "const" or "raise" or "failure" or "return":
                if (outcome.Length != 2)
                {
                    throw new ReferenceScenarioException(outcome[0] + " takes one argument");
                }

                break;
            case "pass" or "reraise" or "none":
                if (outcome.Length != 1)
                {
                    throw new ReferenceScenarioException(outcome[0] + " takes no argument");
                }

                break;
            case "trap":
                if (outcome.Length < 3)
                {
                    throw new ReferenceScenarioException("trap takes TYPES and an outcome");
                }

                CheckOutcome(outcome[2..]);
                break;
            default:
                throw new ReferenceScenarioException("unknown outcome '" + outcome[0] + "'");
        }
    }

    private object? Outcome(string label, string[] outcome, object? result)
    {
        switch (outcome[0])
        {
            case "add":
                if (result is not int number)
                {
                    throw new ReferenceTypeException(label);
                }

                return number + int.Parse(outcome[1], CultureInfo.InvariantCulture);
            case "const":
                return ParseValue(outcome[1]);
            case "none":
                return null;
            case "pass":
                return result;
            case "raise":
                throw ReferenceExceptionNames.Create(outcome[1], label);
            case "failure":
                return new Failure(ReferenceExceptionNames.Create(outcome[1], label));
            case "return":
                return Lookup(outcome[1]);
            case "reraise":
                if (result is not Failure toRaise)
                {
                    throw new ReferenceScenarioException("reraise needs a failure");
                }

                toRaise.RaiseException();
                return null;
            case "trap":
                if (result is not Failure toTrap)
                {
                    throw new ReferenceScenarioException("trap needs a failure");
                }

                toTrap.Trap(Array.ConvertAll(outcome[1].Split(','), ReferenceExceptionNames.TypeOf));
                return Outcome(label, outcome[2..], result);
            default:
                throw new ReferenceScenarioException("unknown outcome '" + outcome[0] + "'");
        }
    }

    private void Add(string name, Deferred d)
    {
        if (!_deferreds.TryAdd(name, d))
        {
            throw new ReferenceScenarioException("Deferred '" + name + "' defined twice");
        }

        _order.Add(name);
        _names[d] = name;
    }

    private Deferred Lookup(string name)
        => _deferreds.TryGetValue(name, out Deferred? d) ? d : throw new ReferenceScenarioException("unknown Deferred '" + name + "'");

    private string State(string name)
    {
        Deferred d = _deferreds[name];
        string result = d.HasResult ? Describe(d.Result) : "(pending)";
        return name + ": called=" + (d.Called ? "True" : "False") + " result=" + result;
    }

    private static object? ParseValue(string token)
    {
        if (token == "None")
        {
            return null;
        }

        return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ReferenceScenarioException("bad value '" + token + "' (an integer or None)");
    }

    private string Describe(object? value) => value switch
    {
        null => "None",
        Failure failure => DescribeFailure(failure),
        Deferred deferred => "Deferred(" + (_names.TryGetValue(deferred, out string? name) ? name : "?") + ")",
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => "object(" + value.GetType().Name + ")",
    };

    private static string DescribeFailure(Failure failure) => "Failure(" + ReferenceExceptionNames.Describe(failure.Value) + ")";
}
