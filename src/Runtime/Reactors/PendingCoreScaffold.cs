// TEMPORARY: a minimal stand-in for the lead's Deferred core (src/Runtime/Defer/) so the reactor
// branch builds before `git merge main` brings the real one. Delete this file on that merge.
#pragma warning disable CS1591
namespace Torsion
{
    using System;
    using System.Collections.Generic;

    public sealed class Failure
    {
        public Failure(Exception value) { Value = value; }
        public Exception Value { get; }
        public Type Type => Value.GetType();
        public string GetErrorMessage() => Value.Message;
        public string GetTraceback() => Value.ToString();
        public void RaiseException() => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(Value).Throw();
    }

    public partial class Deferred
    {
        private readonly List<(Func<object?, object?>? Cb, Func<Failure, object?>? Eb)> _chain = new();
        private object? _result;
        private bool _running;
        public bool Called { get; private set; }
        internal bool HasResult => Called && !_running;
        internal bool IsFailed => _result is Failure;
        internal Failure? CurrentFailure => _result as Failure;
        internal object? CurrentResultBoxed => _result;
        public void Callback(object? result) { if (Called) throw new AlreadyCalledException(); Called = true; _result = result; Run(); }
        public void Errback(Failure failure) => Callback(failure);
        public void Errback(Exception exception) => Callback(new Failure(exception));
        public Deferred AddCallbacks(Func<object?, object?>? cb, Func<Failure, object?>? eb) { _chain.Add((cb, eb)); if (Called) Run(); return this; }
        public Deferred AddCallback(Func<object?, object?> cb) => AddCallbacks(cb, null);
        public Deferred AddErrback(Func<Failure, object?> eb) => AddCallbacks(null, eb);
        public Deferred AddBoth(Func<object?, object?> f) => AddCallbacks(f, x => f(x));
        internal void AddContinuation(Action continuation) => AddBoth(r => { continuation(); return r; });
        private void Run()
        {
            if (_running) return;
            _running = true;
            try
            {
                while (_chain.Count > 0)
                {
                    var (cb, eb) = _chain[0];
                    _chain.RemoveAt(0);
                    try
                    {
                        if (_result is Failure f) { if (eb != null) _result = eb(f); }
                        else if (cb != null) _result = cb(_result);
                    }
                    catch (Exception e) { _result = new Failure(e); }
                    if (_result is Deferred inner)
                    {
                        _result = null;
                        _running = false;
                        inner.AddBoth(r => { _result = r; Run(); return null; });
                        return;
                    }
                }
            }
            finally { _running = false; }
        }
    }

    public partial class Deferred<T> : Deferred
    {
        public void Callback(T result) => base.Callback(result);
    }
}

namespace Torsion.Testing
{
    internal sealed class Clock { }
}
