using System;
using System.Collections.Generic;
using System.Linq;

namespace Torsion.Tests.Defer;

/// <summary>
/// Seeded random sequences of add / fire / pause / chain / cancel operations, run on real untyped
/// Deferreds and on <see cref="ModelDeferred"/>, a plain list-and-recursion model of the chain rules
/// (Twisted's, as Torsion documents them). The log of every callback call and the final state of
/// every Deferred must agree. The sequences are long enough to move a chain's step storage through
/// all its forms (none, one inline observer, the first array, growth, sliding after partial runs).
/// </summary>
public class ChainModelDifferentialTests
{
    private const int Sequences = 3000;

    [Fact]
    public void RandomSequencesBehaveLikeThePlainModel()
    {
        // Chains left failing are reported when collected: into this capture, not the test log.
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        for (int seed = 1; seed <= Sequences; seed++)
        {
            var run = new Run(seed);
            run.Execute();
            AssertAgree(seed, run.Ops, run.RealLog, run.ModelLog);
        }
    }

    /// <summary>Fails with the seed, the operations and both logs when the real Deferreds and the model disagree.</summary>
    internal static void AssertAgree(int seed, IEnumerable<string> ops, IReadOnlyList<string> real, IReadOnlyList<string> model)
    {
        string nl = Environment.NewLine;
        Assert.True(
            real.SequenceEqual(model),
            $"seed {seed}: the Deferreds and the model disagree.{nl}ops: {string.Join(", ", ops)}{nl}real:  {string.Join(" | ", real)}{nl}model: {string.Join(" | ", model)}");
    }

    [Fact]
    public void TheSequencesReachEveryStorageShape()
    {
        // The differential test above proves little if the sequences never grow a chain: check
        // that some chains hold more than 16 steps at once, some have one observer only, and some
        // add steps after part of the chain ran.
        int longChains = 0, loneObservers = 0, addedAfterRunning = 0;
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        for (int seed = 1; seed <= Sequences; seed++)
        {
            var run = new Run(seed);
            run.Execute();
            longChains += run.MaxPendingOnMain > 16 ? 1 : 0;
            loneObservers += run.LoneObserverSeen ? 1 : 0;
            addedAfterRunning += run.AddedAfterPartialRun ? 1 : 0;
        }

        Assert.True(longChains > 50, $"only {longChains} sequences built a chain of more than 16 pending steps");
        Assert.True(loneObservers > 50, $"only {loneObservers} sequences had a lone observer");
        Assert.True(addedAfterRunning > 50, $"only {addedAfterRunning} sequences added steps after part of a chain ran");
    }

    /// <summary>One seeded sequence, applied to the real Deferreds and to the model side by side.</summary>
    private sealed class Run
    {
        private readonly Random _random;
        private readonly Deferred _real;
        private readonly ModelDeferred _model;
        private readonly List<Deferred> _realInners = new();
        private readonly List<ModelDeferred> _modelInners = new();
        private readonly bool _cancellerFires;
        private int _pendingOnMain;
        private int _next;

        public Run(int seed)
        {
            _random = new Random(seed);
            bool withCanceller = _random.Next(3) == 0;
            _cancellerFires = _random.Next(2) == 0;
            if (seed % 4 == 0)
            {
                // One sequence in four starts from Deferred.Succeed: a Deferred read by its flags
                // alone until the sequence does something to it.
                _real = Deferred.Succeed((object?)-1);
                _model = ModelDeferred.Fired(-1);
                return;
            }

            _real = withCanceller ? new Deferred(RealCanceller) : new Deferred();
            _model = new ModelDeferred(withCanceller ? ModelCanceller : null);
        }

        public List<string> Ops { get; } = new();

        public List<string> RealLog { get; } = new();

        public List<string> ModelLog { get; } = new();

        public int MaxPendingOnMain { get; private set; }

        public bool LoneObserverSeen { get; private set; }

        public bool AddedAfterPartialRun { get; private set; }

        public void Execute()
        {
            int count = 5 + _random.Next(40);
            for (int i = 0; i < count; i++)
            {
                Step();
            }

            // Fire whatever is still unfired, so every chain gets a chance to finish.
            Apply("fire main", d => d.Callback(_next++), m => m.Callback(_next - 1));
            for (int i = 0; i < _realInners.Count; i++)
            {
                int index = i;
                int value = 1000 + i;
                Apply("fire inner " + i, _ => _realInners[index].Callback(value), _ => _modelInners[index].Callback(value));
            }

            Snapshot("end");
        }

        private void Step()
        {
            int op = _random.Next(100);
            int n = _next++;
            if (op < 40)
            {
                // A callback/errback pair; several are added in a burst now and then.
                int burst = _random.Next(5) == 0 ? 8 + _random.Next(20) : 1;
                for (int i = 0; i < burst; i++)
                {
                    AddPair(_next++);
                }
            }
            else if (op < 52)
            {
                int pendingBefore = _model.PendingSteps;
                Ops.Add("observe " + n);
                _real.AddContinuation(() => RealLog.Add("observer" + n + " sees " + Describe(_real)));
                _model.AddObserver(() => ModelLog.Add("observer" + n + " sees " + _model.Describe()));
                if (pendingBefore == 0 && _model.PendingSteps == 1)
                {
                    LoneObserverSeen = true;
                }
            }
            else if (op < 60)
            {
                Apply("callback " + n, d => d.Callback(n), m => m.Callback(n));
            }
            else if (op < 64)
            {
                Apply("errback " + n, d => d.Errback(new InvalidOperationException("err" + n)), m => m.Errback("InvalidOperationException: err" + n));
            }
            else if (op < 70)
            {
                Apply("pause", d => d.Pause(), m => m.Pause());
            }
            else if (op < 78)
            {
                Apply("unpause", d => d.Unpause(), m => m.Unpause());
            }
            else if (op < 82)
            {
                Apply("cancel", d => d.Cancel(), m => m.Cancel());
            }
            else if (_realInners.Count == 0)
            {
                Ops.Add("nothing");
            }
            else
            {
                int index = _random.Next(_realInners.Count);
                Deferred inner = _realInners[index];
                ModelDeferred modelInner = _modelInners[index];
                switch (_random.Next(5))
                {
                    case 0:
                    case 1:
                        Apply("fire inner " + index + " with " + n, _ => inner.Callback(n), _ => modelInner.Callback(n));
                        break;
                    case 2:
                        Apply("fail inner " + index, _ => inner.Errback(new InvalidOperationException("inner" + n)), _ => modelInner.Errback("InvalidOperationException: inner" + n));
                        break;
                    case 3:
                        Apply("pause inner " + index, _ => inner.Pause(), _ => modelInner.Pause());
                        break;
                    default:
                        Apply("unpause inner " + index, _ => inner.Unpause(), _ => modelInner.Unpause());
                        break;
                }
            }

            int pending = _model.PendingSteps;
            if (pending > MaxPendingOnMain)
            {
                MaxPendingOnMain = pending;
            }

            if (pending > 0 && pending < _pendingOnMain && _random.Next(2) == 0)
            {
                AddedAfterPartialRun = true;
            }

            _pendingOnMain = pending;
            Snapshot("after " + Ops[^1]);
        }

        private void AddPair(int n)
        {
            int kind = _random.Next(10);
            int errKind = _random.Next(4);
            Ops.Add("pair " + n + " " + kind + "/" + errKind);
            Func<object?, object?>? realCallback;
            Func<object?, object?>? modelCallback;
            switch (kind)
            {
                case 0:
                case 1:
                case 2:
                case 3:
                    realCallback = x => Log(RealLog, n, x, AddOne(x));
                    modelCallback = x => Log(ModelLog, n, x, AddOne(x));
                    break;
                case 4:
                    realCallback = x => { RealLog.Add("cb" + n + " throws on " + x); throw new InvalidOperationException("cb" + n); };
                    modelCallback = x => { ModelLog.Add("cb" + n + " throws on " + x); throw new InvalidOperationException("cb" + n); };
                    break;
                case 5:
                    realCallback = x => { RealLog.Add("cb" + n + " returns fired on " + x); return Deferred.Succeed((object?)(n * 10)); };
                    modelCallback = x => { ModelLog.Add("cb" + n + " returns fired on " + x); return ModelDeferred.Fired(n * 10); };
                    break;
                case 6:
                case 7:
                    realCallback = x =>
                    {
                        RealLog.Add("cb" + n + " returns inner " + _realInners.Count + " on " + x);
                        var inner = new Deferred();
                        _realInners.Add(inner);
                        return inner;
                    };
                    modelCallback = x =>
                    {
                        ModelLog.Add("cb" + n + " returns inner " + _modelInners.Count + " on " + x);
                        var inner = new ModelDeferred(null);
                        _modelInners.Add(inner);
                        return inner;
                    };
                    break;
                case 8:
                    realCallback = x => { RealLog.Add("cb" + n + " pauses"); _real.Pause(); return x; };
                    modelCallback = x => { ModelLog.Add("cb" + n + " pauses"); _model.Pause(); return x; };
                    break;
                default:
                    realCallback = null;
                    modelCallback = null;
                    break;
            }

            Func<Failure, object?>? realErrback;
            Func<string, object?>? modelErrback;
            switch (errKind)
            {
                case 0:
                    realErrback = f => { RealLog.Add("eb" + n + " recovers " + f.Type.Name + ": " + f.Value.Message); return 100 + n; };
                    modelErrback = f => { ModelLog.Add("eb" + n + " recovers " + f); return 100 + n; };
                    break;
                case 1:
                    realErrback = f => { RealLog.Add("eb" + n + " rethrows " + f.Type.Name + ": " + f.Value.Message); throw new ArgumentException("eb" + n); };
                    modelErrback = f => { ModelLog.Add("eb" + n + " rethrows " + f); throw new ArgumentException("eb" + n); };
                    break;
                default:
                    realErrback = null;
                    modelErrback = null;
                    break;
            }

            if (realCallback is null && realErrback is null)
            {
                realErrback = f => { RealLog.Add("eb" + n + " passes " + f.Type.Name + ": " + f.Value.Message); return f; };
                modelErrback = f => { ModelLog.Add("eb" + n + " passes " + f); return new ModelFailure(f); };
            }

            _real.AddCallbacks(realCallback, realErrback);
            _model.AddPair(modelCallback, modelErrback);
        }

        private static object? AddOne(object? x) => x is int i ? i + 1 : 1;

        private static object? Log(List<string> log, int n, object? x, object? result)
        {
            log.Add("cb" + n + " " + (x ?? "null") + " -> " + result);
            return result;
        }

        private void Apply(string name, Action<Deferred> real, Action<ModelDeferred> model)
        {
            Ops.Add(name);
            RealLog.Add(name + ": " + Attempt(() => real(_real)));
            ModelLog.Add(name + ": " + Attempt(() => model(_model)));
        }

        private static string Attempt(Action action)
        {
            try
            {
                action();
                return "ok";
            }
            catch (Exception exception)
            {
                return "throws " + (exception is AlreadyCalledException ? "AlreadyCalled" : exception.GetType().Name);
            }
        }

        private void Snapshot(string when)
        {
            RealLog.Add(when + " main " + Describe(_real));
            ModelLog.Add(when + " main " + _model.Describe());
            for (int i = 0; i < Math.Min(_realInners.Count, _modelInners.Count); i++)
            {
                RealLog.Add("inner " + i + " " + Describe(_realInners[i]));
                ModelLog.Add("inner " + i + " " + _modelInners[i].Describe());
            }
        }

        private void RealCanceller(Deferred d)
        {
            RealLog.Add("canceller runs");
            if (_cancellerFires)
            {
                d.Callback(-1);
            }
        }

        private void ModelCanceller(ModelDeferred d)
        {
            ModelLog.Add("canceller runs");
            if (_cancellerFires)
            {
                d.Callback(-1);
            }
        }

        private static string Describe(Deferred d)
        {
            string state = (d.Called ? "called" : "unfired") + (d.Paused ? " paused" : string.Empty);
            if (!d.HasResult)
            {
                return state + (d.Called ? " no result" : string.Empty);
            }

            // "settled": an [InlineCallbacks] body yielding it now would go on at once with its value.
            return state + (d.HasFinalValue ? " settled" : string.Empty) + (d.IsFailed
                ? " failed " + ((Failure)d.Result!).Type.Name + ": " + ((Failure)d.Result!).Value.Message
                : " value " + (d.Result ?? "null"));
        }
    }

    /// <summary>A failure in the model: the exception's type name and message.</summary>
    internal sealed record ModelFailure(string Description);

    /// <summary>
    /// The chain rules in their plainest form: a list of steps, recursion for chaining. A callback
    /// that returns an unfired (or busy) Deferred makes this one wait; one with a result at hand is
    /// taken at once and left empty.
    /// </summary>
    internal sealed class ModelDeferred
    {
        private readonly List<ModelStep> _steps = new();
        private Action<ModelDeferred>? _canceller;
        private int _paused;
        private bool _running;
        private bool _suppress;
        private ModelDeferred? _waitingOn;
        private object? _result;

        public ModelDeferred(Action<ModelDeferred>? canceller) => _canceller = canceller;

        public bool Called { get; private set; }

        public int PendingSteps => _steps.Count;

        private bool HasResult => Called && _paused == 0 && _waitingOn is null;

        public static ModelDeferred Fired(object? value)
        {
            var d = new ModelDeferred(null);
            d.Callback(value);
            return d;
        }

        public void Callback(object? value) => Fire(value);

        public void Errback(string description) => Fire(new ModelFailure(description));

        public void Pause() => _paused++;

        public void Unpause()
        {
            if (_paused == 0)
            {
                throw new InvalidOperationException();
            }

            _paused--;
            if (_paused == 0 && Called)
            {
                RunSteps();
            }
        }

        public void Cancel()
        {
            if (!Called)
            {
                if (_canceller is { } canceller)
                {
                    canceller(this);
                }
                else
                {
                    _suppress = true;
                }

                if (!Called)
                {
                    Fire(new ModelFailure("CancelledException: " + new CancelledException().Message));
                }
            }
            else if (_waitingOn is { } inner)
            {
                inner.Cancel();
            }
        }

        public void AddPair(Func<object?, object?>? callback, Func<string, object?>? errback)
            => AddStep(new ModelStep(callback, errback, null, null));

        public void AddObserver(Action observer) => AddStep(new ModelStep(null, null, observer, null));

        public string Describe()
        {
            string state = (Called ? "called" : "unfired") + (_paused > 0 ? " paused" : string.Empty);
            if (!HasResult)
            {
                return state + (Called ? " no result" : string.Empty);
            }

            bool settled = !_running && _steps.Count == 0 && _result is not ModelFailure;
            return state + (settled ? " settled" : string.Empty)
                + (_result is ModelFailure failure ? " failed " + failure.Description : " value " + (_result ?? "null"));
        }

        private void Fire(object? result)
        {
            if (Called)
            {
                if (_suppress)
                {
                    _suppress = false;
                    return;
                }

                throw new AlreadyCalledException("already called");
            }

            _canceller = null;
            Called = true;
            _result = result;
            RunSteps();
        }

        private void AddStep(ModelStep step)
        {
            _steps.Add(step);
            if (Called)
            {
                RunSteps();
            }
        }

        private void RunSteps()
        {
            if (_running)
            {
                return;
            }

            while (Called && _paused == 0 && _waitingOn is null && _steps.Count > 0)
            {
                ModelStep step = _steps[0];
                _steps.RemoveAt(0);
                if (step.ContinueParent is { } parent)
                {
                    parent._result = _result;
                    _result = null;
                    parent._waitingOn = null;
                    parent.RunSteps();
                    continue;
                }

                if (step.Observer is { } observer)
                {
                    _running = true;
                    try
                    {
                        observer();
                    }
                    finally
                    {
                        _running = false;
                    }

                    continue;
                }

                object? outcome;
                _running = true;
                try
                {
                    if (_result is ModelFailure failure)
                    {
                        if (step.Errback is null)
                        {
                            continue;
                        }

                        outcome = step.Errback(failure.Description);
                    }
                    else
                    {
                        if (step.Callback is null)
                        {
                            continue;
                        }

                        outcome = step.Callback(_result);
                    }
                }
                catch (Exception exception)
                {
                    outcome = new ModelFailure(exception.GetType().Name + ": " + exception.Message);
                }
                finally
                {
                    _running = false;
                }

                if (outcome is ModelDeferred inner)
                {
                    if (inner.HasResult && !inner._running && inner._steps.Count == 0)
                    {
                        _result = inner._result;
                        inner._result = null;
                    }
                    else
                    {
                        _result = null;
                        _waitingOn = inner;
                        inner._steps.Add(new ModelStep(null, null, null, this));
                    }
                }
                else
                {
                    _result = outcome;
                }
            }
        }
    }

    internal sealed record ModelStep(Func<object?, object?>? Callback, Func<string, object?>? Errback, Action? Observer, ModelDeferred? ContinueParent);
}
