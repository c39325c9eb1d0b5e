using System;
using System.Collections.Generic;
using System.Linq;
using static Torsion.Tests.Defer.ChainModelDifferentialTests;

namespace Torsion.Tests.Defer;

/// <summary>
/// The typed counterpart of <see cref="ChainModelDifferentialTests"/>: seeded random sequences on a
/// <see cref="Deferred{T}"/> of int (typed callbacks, errbacks, callbacks returning a
/// <see cref="Deferred{T}"/>, observers, pause, cancel) against the same plain model.
/// </summary>
public class TypedChainModelDifferentialTests
{
    private const int Sequences = 2000;

    [Fact]
    public void RandomTypedSequencesBehaveLikeThePlainModel()
    {
        using UnhandledFailureCapture capture = UnhandledFailures.Capture();
        for (int seed = 1; seed <= Sequences; seed++)
        {
            var run = new TypedRun(seed);
            run.Execute();
            AssertAgree(seed, run.Ops, run.RealLog, run.ModelLog);
        }
    }

    private sealed class TypedRun
    {
        private readonly Random _random;
        private readonly Deferred<int> _real;
        private readonly ModelDeferred _model;
        private readonly List<Deferred<int>> _realInners = new();
        private readonly List<ModelDeferred> _modelInners = new();
        private int _next;

        public TypedRun(int seed)
        {
            _random = new Random(seed);

            // One sequence in four starts from Deferred.Succeed: a Deferred read by its flags alone
            // until the sequence does something to it.
            _real = seed % 4 == 0 ? Deferred.Succeed(-1) : new Deferred<int>();
            _model = seed % 4 == 0 ? ModelDeferred.Fired(-1) : new ModelDeferred(null);
        }

        public List<string> Ops { get; } = new();

        public List<string> RealLog { get; } = new();

        public List<string> ModelLog { get; } = new();

        public void Execute()
        {
            int count = 5 + _random.Next(40);
            for (int i = 0; i < count; i++)
            {
                Step();
            }

            int last = _next++;
            Apply("fire main", () => _real.Callback(last), () => _model.Callback(last));
            for (int i = 0; i < _realInners.Count; i++)
            {
                int index = i;
                Apply("fire inner " + i, () => _realInners[index].Callback(1000 + index), () => _modelInners[index].Callback(1000 + index));
            }

            Snapshot("end");
        }

        private void Step()
        {
            int op = _random.Next(100);
            int n = _next++;
            if (op < 45)
            {
                int burst = _random.Next(5) == 0 ? 8 + _random.Next(20) : 1;
                for (int i = 0; i < burst; i++)
                {
                    AddStep(_next++);
                }
            }
            else if (op < 57)
            {
                Ops.Add("observe " + n);
                _real.AddContinuation(() => RealLog.Add("observer" + n + " sees " + Describe(_real)));
                _model.AddObserver(() => ModelLog.Add("observer" + n + " sees " + _model.Describe()));
            }
            else if (op < 65)
            {
                Apply("callback " + n, () => _real.Callback(n), () => _model.Callback(n));
            }
            else if (op < 68)
            {
                Apply("errback " + n, () => _real.Errback(new InvalidOperationException("err" + n)), () => _model.Errback("InvalidOperationException: err" + n));
            }
            else if (op < 74)
            {
                Apply("pause", _real.Pause, _model.Pause);
            }
            else if (op < 82)
            {
                Apply("unpause", _real.Unpause, _model.Unpause);
            }
            else if (op < 85)
            {
                Apply("cancel", _real.Cancel, _model.Cancel);
            }
            else if (_realInners.Count == 0)
            {
                Ops.Add("nothing");
            }
            else
            {
                int index = _random.Next(_realInners.Count);
                Deferred<int> inner = _realInners[index];
                ModelDeferred modelInner = _modelInners[index];
                switch (_random.Next(4))
                {
                    case 0:
                    case 1:
                        Apply("fire inner " + index + " with " + n, () => inner.Callback(n), () => modelInner.Callback(n));
                        break;
                    case 2:
                        Apply("fail inner " + index, () => inner.Errback(new InvalidOperationException("inner" + n)), () => modelInner.Errback("InvalidOperationException: inner" + n));
                        break;
                    default:
                        Apply("pause inner " + index, inner.Pause, modelInner.Pause);
                        break;
                }
            }

            Snapshot("after " + Ops[^1]);
        }

        private void AddStep(int n)
        {
            int kind = _random.Next(9);
            Ops.Add("step " + n + " kind " + kind);
            switch (kind)
            {
                case 0:
                case 1:
                case 2:
                    _real.AddCallback(x => { RealLog.Add("cb" + n + " " + x); return x + 1; });
                    _model.AddPair(x => { ModelLog.Add("cb" + n + " " + (x ?? 0)); return (x is int i ? i : 0) + 1; }, null);
                    break;
                case 3:
                    _real.AddCallback(new Func<int, int>(x => { RealLog.Add("cb" + n + " throws on " + x); throw new InvalidOperationException("cb" + n); }));
                    _model.AddPair(x => { ModelLog.Add("cb" + n + " throws on " + (x ?? 0)); throw new InvalidOperationException("cb" + n); }, null);
                    break;
                case 4:
                    _real.AddCallback(x => { RealLog.Add("cb" + n + " returns fired on " + x); return Deferred.Succeed(n * 10); });
                    _model.AddPair(x => { ModelLog.Add("cb" + n + " returns fired on " + (x ?? 0)); return ModelDeferred.Fired(n * 10); }, null);
                    break;
                case 5:
                    _real.AddCallback(x =>
                    {
                        RealLog.Add("cb" + n + " returns inner " + _realInners.Count + " on " + x);
                        var inner = new Deferred<int>();
                        _realInners.Add(inner);
                        return inner;
                    });
                    _model.AddPair(
                        x =>
                        {
                            ModelLog.Add("cb" + n + " returns inner " + _modelInners.Count + " on " + (x ?? 0));
                            var inner = new ModelDeferred(null);
                            _modelInners.Add(inner);
                            return inner;
                        },
                        null);
                    break;
                case 6:
                    _real.AddErrback(f => { RealLog.Add("eb" + n + " recovers " + f.Type.Name + ": " + f.Value.Message); return 100 + n; });
                    _model.AddPair(null, f => { ModelLog.Add("eb" + n + " recovers " + f); return 100 + n; });
                    break;
                case 7:
                    _real.AddErrback(new Func<Failure, int>(f => { RealLog.Add("eb" + n + " rethrows " + f.Type.Name + ": " + f.Value.Message); throw new ArgumentException("eb" + n); }));
                    _model.AddPair(null, f => { ModelLog.Add("eb" + n + " rethrows " + f); throw new ArgumentException("eb" + n); });
                    break;
                default:
                    _real.AddCallbacks(x => { RealLog.Add("both" + n + " value " + x); return x * 2; }, f => { RealLog.Add("both" + n + " failure " + f.Type.Name + ": " + f.Value.Message); return -n; });
                    _model.AddPair(x => { ModelLog.Add("both" + n + " value " + (x ?? 0)); return (x is int i ? i : 0) * 2; }, f => { ModelLog.Add("both" + n + " failure " + f); return -n; });
                    break;
            }
        }

        private void Apply(string name, Action real, Action model)
        {
            Ops.Add(name);
            RealLog.Add(name + ": " + Attempt(real));
            ModelLog.Add(name + ": " + Attempt(model));
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
            ModelLog.Add(when + " main " + DescribeModel(_model));
            for (int i = 0; i < Math.Min(_realInners.Count, _modelInners.Count); i++)
            {
                RealLog.Add("inner " + i + " " + Describe(_realInners[i]));
                ModelLog.Add("inner " + i + " " + DescribeModel(_modelInners[i]));
            }
        }

        private static string DescribeModel(ModelDeferred d)
        {
            // A typed handle's emptied result reads as default(int), where the model keeps null.
            string description = d.Describe();
            return description.EndsWith(" value null", StringComparison.Ordinal) ? description[..^4] + "0" : description;
        }

        private static string Describe(Deferred<int> d)
        {
            string state = (d.Called ? "called" : "unfired") + (d.Paused ? " paused" : string.Empty);
            if (!d.HasResult)
            {
                return state + (d.Called ? " no result" : string.Empty);
            }

            // "settled": an [InlineCallbacks] body yielding it now would go on at once with its value.
            return state + (d.HasFinalValue ? " settled" : string.Empty) + (d.IsFailed
                ? " failed " + ((Failure)((Deferred)d).Result!).Type.Name + ": " + ((Failure)((Deferred)d).Result!).Value.Message
                : " value " + d.Result);
        }
    }
}
