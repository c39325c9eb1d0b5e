using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

/// <summary>
/// A <see cref="Deferred"/> whose result has the static type <typeparamref name="T"/>: the
/// compiler checks every callback (<c>d.AddCallback(x =&gt; x + 1)</c>), and results of value types
/// move down the chain without boxing.
/// </summary>
/// <typeparam name="T">The type of the result.</typeparam>
/// <remarks>
/// <para>
/// The chain semantics are Twisted's (see <see cref="Deferred"/>). A callback that keeps the
/// result type (<c>Func&lt;T, T&gt;</c>) adds a step to this handle and returns it. A callback that
/// changes the type (<c>Func&lt;T, TNext&gt;</c>) continues the same chain under a new
/// <see cref="Deferred{TNext}"/> handle, which it returns; from then on this handle is
/// <em>retired</em>: adding callbacks to it throws <see cref="InvalidOperationException"/> naming the
/// handle to use instead, so the types can never silently disagree. The new handle cannot be fired
/// directly (fire the Deferred the chain started from); cancelling it cancels the whole chain.
/// </para>
/// <para>
/// An errback (<c>Func&lt;Failure, T&gt;</c>) recovers by returning a value; one that returns a
/// <see cref="Failure"/> (<c>Func&lt;Failure, Failure&gt;</c>) passes it on and keeps the type, as does
/// throwing (for example with <see cref="Failure.Trap(Type[])"/>, which rethrows the original exception
/// when the type does not match). Callbacks that return nothing (<c>Action&lt;T&gt;</c>) continue,
/// as in Twisted, with an untyped <see cref="Deferred"/> whose result is null.
/// </para>
/// <para>
/// The untyped members inherited from <see cref="Deferred"/> also work on a typed handle: they
/// continue the chain as an untyped Deferred with the value boxed.
/// </para>
/// </remarks>
[AsyncMethodBuilder(typeof(DeferredMethodBuilder<>))]
[DebuggerDisplay("{ToString(),nq}")]
public partial class Deferred<T> : Deferred
{
    private T _typedValue;

    /// <summary>Creates an unfired Deferred with no canceller.</summary>
    public Deferred()
    {
        _flags |= TypedFlag;
        _typedValue = default!;
    }

    /// <summary>Creates an unfired Deferred that calls <paramref name="canceller"/> when it is cancelled.</summary>
    /// <param name="canceller">
    /// Called with this Deferred by <see cref="Deferred.Cancel"/> while it has not fired. It may
    /// fire the Deferred; if it does not, the Deferred fails with <see cref="CancelledException"/>.
    /// </param>
    public Deferred(Action<Deferred<T>>? canceller)
        : base(canceller is null ? null : d => canceller((Deferred<T>)d))
    {
        _flags |= TypedFlag;
        _typedValue = default!;
    }

    /// <summary>Creates an unfired Deferred whose canceller gets the untyped handle (no adapter delegate).</summary>
    private protected Deferred(Action<Deferred>? canceller, CancellerForm form)
        : base(canceller)
    {
        _ = form;
        _flags |= TypedFlag;
        _typedValue = default!;
    }

    /// <summary>Fires with <paramref name="value"/> (kept as it is): <see cref="Callback(T)"/> after its checks, and the framework.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void FireValueInternal(T value)
    {
        if (!BeginFireUnpublished())
        {
            return;
        }

        _result = null;
        _typedValue = value;
        PublishFired();
        RunCallbacks();
    }

    /// <summary>Fires by waiting on <paramref name="inner"/> (or taking its result now, if it has one), from inside the framework.</summary>
    private protected void FireWaitingOn(Deferred<T> inner)
    {
        if (!BeginFireUnpublished())
        {
            return;
        }

        WaitOnOrSteal(inner);
        PublishFired();
        RunCallbacks();
    }

    /// <summary>Creates a Deferred already fired with <paramref name="value"/>, with no steps (see <see cref="Deferred.Succeed{T}(T)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Deferred(T value)
        : base(null, TypedFlag | BornSucceededFlag, FiredTag.Fired)
    {
        _typedValue = value;
    }

    /// <summary>Creates a Deferred already failed with <paramref name="failure"/>, with no steps.</summary>
    private Deferred(FiredTag tag, Failure failure)
        : base(failure, TypedFlag, tag)
    {
        _typedValue = default!;
    }

    /// <summary>
    /// A Deferred fired with <paramref name="value"/>, kept as the value whatever it is (callers that
    /// apply Callback's rules to a Failure or Deferred value check first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Deferred<T> CreateFired(T value) => new(value);

    /// <summary>A Deferred failed with <paramref name="failure"/> (not null).</summary>
    internal static Deferred<T> CreateFailed(Failure failure) => new(FiredTag.Fired, failure);

    /// <summary>
    /// The current value. When the chain is failing, rethrows the failure's exception with its
    /// original stack trace.
    /// </summary>
    /// <exception cref="InvalidOperationException">The Deferred has no result yet (<see cref="Deferred.HasResult"/> is false).</exception>
    public new T Result
    {
        get
        {
            int flags = Volatile.Read(ref _flags);
            if ((flags & (CalledFlag | PausedFlag | BornSucceededFlag)) == (CalledFlag | BornSucceededFlag))
            {
                // Created with its value and untouched since (Deferred.Succeed): the flags say it all.
                return _typedValue;
            }

            if ((flags & (CalledFlag | PausedFlag | WaitingFlag)) != CalledFlag || _result is not null)
            {
                // No result, or a failure (the only thing a typed handle keeps in _result).
                RaiseNoValue();
            }

            return _typedValue;
        }
    }

    /// <summary>Throws what <see cref="Result"/> throws when it has no value to return.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseNoValue()
    {
        EnsureHasResult();
        Unsafe.As<Failure>(_result)!.RaiseException();
    }

    /// <summary>The current value without checks (meaningless unless fired and succeeding).</summary>
    internal T CurrentValue => _typedValue;

    private protected override Type? TypedResultType => typeof(T);

    /// <summary>Fires the Deferred with <paramref name="value"/> and runs its chain.</summary>
    /// <param name="value">The result.</param>
    /// <exception cref="AlreadyCalledException">The Deferred has already fired.</exception>
    /// <exception cref="InvalidOperationException">This handle continues another Deferred's chain and cannot be fired directly.</exception>
    public void Callback(T value)
    {
        if (value is Failure || value is Deferred)
        {
            // Only possible when T is object or a base of these: apply the untyped rules.
            base.Callback(value);
            return;
        }

        if ((_flags & DerivedFlag) != 0)
        {
            base.Callback(value); // throws the derived-handle error
            return;
        }

        FireValueInternal(value);
    }

    /// <summary>Adds a callback that keeps the result type; returns this Deferred.</summary>
    /// <param name="callback">Gets the current value; what it returns becomes the next value. Throwing switches the chain to failures.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddCallback(Func<T, T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddStep(new Step(StepKind.Pair, callback, null, null));
        return this;
    }

    /// <summary>
    /// Adds a callback that changes the result type. The chain continues under the returned handle;
    /// this one is retired.
    /// </summary>
    /// <typeparam name="TNext">The new result type.</typeparam>
    /// <param name="callback">Gets the current value; what it returns becomes the next value.</param>
    /// <returns>The handle to add further callbacks to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<TNext> AddCallback<TNext>(Func<T, TNext> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddMapTransfer<TNext>(callback, null);
    }

    /// <summary>
    /// Adds a callback that returns a Deferred: the chain waits for it and continues with its
    /// result (Twisted's chaining). Returns this Deferred.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(3)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<T> AddCallback(Func<T, Deferred<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddStep(new Step(StepKind.Bind, callback, null, null));
        return this;
    }

    /// <summary>
    /// Adds a callback that returns a <see cref="Deferred{TNext}"/>: the chain waits for it and
    /// continues with its result under the returned handle; this one is retired.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(2)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<TNext> AddCallback<TNext>(Func<T, Deferred<TNext>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddBindTransfer<TNext>(callback, null);
    }

    /// <summary>
    /// Adds a callback that returns an untyped <see cref="Deferred"/>: the chain waits for it and
    /// continues with its result as the returned untyped Deferred (Twisted's chaining); this handle
    /// is retired.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(1)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred AddCallback(Func<T, Deferred> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ToUntyped().AddCallbacksCore(value => callback((T)value!), null);
    }

    /// <summary>
    /// Adds a callback that returns nothing. As in Twisted, the chain continues with a null result,
    /// as the returned untyped <see cref="Deferred"/>; this handle is retired.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred AddCallback(Action<T> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return ToUntyped().AddCallbacksCore(
            value =>
            {
                callback((T)value!);
                return null;
            },
            null);
    }

    /// <summary>Adds an errback that recovers by returning a value (throw to pass the failure on); returns this Deferred.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddErrback(Func<Failure, T> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        AddStep(new Step(StepKind.Pair, null, errback, null));
        return this;
    }

    /// <summary>Adds an errback that recovers with the result of another Deferred; returns this Deferred.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="errback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    [OverloadResolutionPriority(1)] // a returned Deferred (of any subclass) is waited on, never taken as a value
    public Deferred<T> AddErrback(Func<Failure, Deferred<T>> errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        AddStep(new Step(StepKind.Bind, null, errback, null));
        return this;
    }

    /// <summary>Adds a callback and an errback as one step that keeps the result type; returns this Deferred.</summary>
    /// <param name="callback">Runs when the current result is a value.</param>
    /// <param name="errback">Runs when the current result is a failure; null passes failures on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddCallbacks(Func<T, T> callback, Func<Failure, T>? errback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddStep(new Step(StepKind.Pair, callback, errback, null));
        return this;
    }

    /// <summary>
    /// Adds a callback and an errback as one step that changes the result type; the chain continues
    /// under the returned handle and this one is retired.
    /// </summary>
    /// <param name="callback">Runs when the current result is a value.</param>
    /// <param name="errback">Runs when the current result is a failure; null passes failures on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<TNext> AddCallbacks<TNext>(Func<T, TNext> callback, Func<Failure, TNext>? errback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddMapTransfer(callback, errback);
    }

    /// <summary>
    /// Adds one function for both paths (Twisted's <c>addBoth</c>): <paramref name="both"/> gets the
    /// value on success and null on failure, together with the <see cref="Failure"/>; what it returns
    /// is the next value, so it recovers from failures. Returns this Deferred.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="both"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddBoth(Func<T?, Failure?, T> both)
    {
        ArgumentNullException.ThrowIfNull(both);
        var adapter = new BothCallback<T>(both);
        AddStep(new Step(StepKind.Pair, (Func<T, T>)adapter.OnValue, (Func<Failure, T>)adapter.OnFailure, null));
        return this;
    }

    /// <summary>
    /// Adds an action that runs on both paths and leaves the result as it is, like a
    /// <c>finally</c> block; if it throws, the chain fails with that exception. Returns this Deferred.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Deferred<T> AddFinally(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        AddStep(new Step(
            StepKind.Pair,
            (Func<T, T>)(value =>
            {
                action();
                return value;
            }),
            (Func<Failure, T>)(failure =>
            {
                action();
                failure.RaiseException();
                return default!;
            }),
            null));
        return this;
    }

    /// <summary>
    /// Makes the Deferred fail with <see cref="DeferredTimeoutException"/> if it has no result after
    /// <paramref name="timeout"/> (Twisted's <c>addTimeout</c>); see
    /// <see cref="Deferred.AddTimeout(TimeSpan, IReactorTime, Func{object, TimeSpan, object})"/>.
    /// Returns this Deferred.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public Deferred<T> AddTimeout(TimeSpan timeout, IReactorTime clock)
    {
        AddTimeoutSteps(timeout, clock);
        return this;
    }

    /// <summary>Gets an awaiter, so <c>await deferred</c> works in any async method.</summary>
    public new DeferredAwaiter<T> GetAwaiter() => new(this);

    private protected override void SetValueBoxed(object? value)
    {
        if (value is T typed)
        {
            _result = null;
            _typedValue = typed;
        }
        else if (value is null && default(T) is null)
        {
            _result = null;
            _typedValue = default!;
        }
        else
        {
            throw MismatchedResult(value);
        }
    }

    private protected override void EnsureResultFits(object? value)
    {
        if (value is not T && !(value is null && default(T) is null))
        {
            throw MismatchedResult(value);
        }
    }

    private static ArgumentException MismatchedResult(object? value) => new(
        "A Deferred<" + typeof(T).Name + "> cannot take a result of type " + (value is null ? "null" : value.GetType().Name) + ".",
        nameof(value));

    private protected override object? GetValueBoxed() => _typedValue;

    private protected override void ClearValue() => _typedValue = default!;

    private protected override void AcceptValueFrom(Deferred source)
    {
        if (source is Deferred<T> typed)
        {
            _result = null;
            _typedValue = typed._typedValue;
            return;
        }

        try
        {
            SetValueBoxed(source.CurrentResultBoxed);
        }
        catch (ArgumentException mismatch)
        {
            // Runs inside the chain runner, which must never throw: a result that does not fit
            // this handle's type becomes its failure.
            SetFailure(new Failure(mismatch));
        }
    }

    /// <summary>Sets the value from inside the framework (a transfer into this handle).</summary>
    internal void SetValue(T value)
    {
        _result = null;
        _typedValue = value;
    }

    /// <summary>Fires with a value from a continuation's tail (see <see cref="Deferred.ResolveAsTail(object)"/>).</summary>
    internal void ResolveAsTail(T value)
    {
        if (!BeginFireUnpublished())
        {
            return;
        }

        _result = null;
        _typedValue = value;
        PublishFired();
        RunOrQueueAsTail();
    }

    private protected override void RunCallbackStep(Step step)
    {
        Failure? failure = _result as Failure;
        if (step.Kind == StepKind.Pair)
        {
            // A pair: First is the callback, Second the errback.
            if (failure is null)
            {
                if (step.First is null)
                {
                    return;
                }

                Func<T, T> callback = Unsafe.As<Func<T, T>>(step.First);
                _flags |= RunningFlag;
                try
                {
                    _typedValue = callback(_typedValue);
                }
                catch (Exception exception)
                {
                    SetFailure(Failure.FromCaught(exception, null, callback));
                }
                finally
                {
                    _flags &= ~RunningFlag;
                }
            }
            else
            {
                if (step.Second is null)
                {
                    return;
                }

                if (step.Second is FailurePassingErrback passing)
                {
                    RunFailurePassingErrback(passing, failure);
                    return;
                }

                Func<Failure, T> errback = Unsafe.As<Func<Failure, T>>(step.Second);
                _flags |= RunningFlag;
                try
                {
                    _typedValue = errback(failure);
                    _result = null;
                }
                catch (Exception exception)
                {
                    SetFailure(Failure.FromCaught(exception, failure, errback));
                }
                finally
                {
                    _flags &= ~RunningFlag;
                }
            }

            return;
        }

        // StepKind.Bind: the callback returns a Deferred<T> to wait on.
        object? handler = failure is null ? step.Callback : step.Errback;
        if (handler is null)
        {
            return;
        }

        Deferred<T>? inner;
        _flags |= RunningFlag;
        try
        {
            inner = failure is null
                ? Unsafe.As<Func<T, Deferred<T>>>(handler)(_typedValue)
                : Unsafe.As<Func<Failure, Deferred<T>>>(handler)(failure);
        }
        catch (Exception exception)
        {
            SetFailure(Failure.FromCaught(exception, failure, (Delegate)handler));
            return;
        }
        finally
        {
            _flags &= ~RunningFlag;
        }

        _result = null;
        _typedValue = default!;
        if (inner is null)
        {
            SetFailure(new Failure(new InvalidOperationException(
                Failure.Describe((Delegate)handler) + " returned a null Deferred.")));
            return;
        }

        WaitOnOrSteal(inner);
    }

    private protected override Deferred ToUntypedCore()
    {
        var target = new Deferred();
        AddStep(new Step(StepKind.Transfer, null, null, new BoxTransfer(target)));
        RetireInto(target);
        return target;
    }

    private Deferred<TNext> AddMapTransfer<TNext>(Func<T, TNext> callback, Func<Failure, TNext>? errback)
    {
        var target = new Deferred<TNext>();
        AddStep(new Step(StepKind.Transfer, null, null, new MapTransfer<TNext>(target, callback, errback)));
        RetireInto(target);
        return target;
    }

    private Deferred<TNext> AddBindTransfer<TNext>(Func<T, Deferred<TNext>> callback, Func<Failure, Deferred<TNext>>? errback)
    {
        var target = new Deferred<TNext>();
        AddStep(new Step(StepKind.Transfer, null, null, new BindTransfer<TNext>(target, callback, errback)));
        RetireInto(target);
        return target;
    }

    /// <summary>Moves the value, boxed, into an untyped handle.</summary>
    private sealed class BoxTransfer : TransferStep
    {
        public BoxTransfer(Deferred target)
            : base(target)
        {
        }

        public override Deferred? Run(Deferred source)
        {
            Deferred target = Target;
            if (!target.BeginTransfer())
            {
                source.ReleaseResult();
                return null;
            }

            target.TakeResultFrom(source);
            return target;
        }
    }

    /// <summary>Runs a type-changing callback/errback and stores its result in the next handle.</summary>
    private sealed class MapTransfer<TNext> : TransferStep
    {
        private readonly Func<T, TNext> _callback;
        private readonly Func<Failure, TNext>? _errback;

        public MapTransfer(Deferred<TNext> target, Func<T, TNext> callback, Func<Failure, TNext>? errback)
            : base(target)
        {
            _callback = callback;
            _errback = errback;
        }

        public override Deferred? Run(Deferred source)
        {
            var from = (Deferred<T>)source;
            var target = (Deferred<TNext>)Target;
            if (!target.BeginTransfer())
            {
                source.ReleaseResult();
                return null;
            }

            Failure? failure = from.CurrentFailure;
            if (failure is null)
            {
                try
                {
                    target.SetValue(_callback(from._typedValue));
                }
                catch (Exception exception)
                {
                    target.SetFailure(Failure.FromCaught(exception, null, _callback));
                }
            }
            else if (_errback is not null)
            {
                try
                {
                    target.SetValue(_errback(failure));
                }
                catch (Exception exception)
                {
                    target.SetFailure(Failure.FromCaught(exception, failure, _errback));
                }
            }
            else
            {
                target.SetFailure(failure);
            }

            source.ReleaseResult();
            return target;
        }
    }

    /// <summary>Runs a type-changing callback that returns a Deferred, and makes the next handle wait on it.</summary>
    private sealed class BindTransfer<TNext> : TransferStep
    {
        private readonly Func<T, Deferred<TNext>> _callback;
        private readonly Func<Failure, Deferred<TNext>>? _errback;

        public BindTransfer(Deferred<TNext> target, Func<T, Deferred<TNext>> callback, Func<Failure, Deferred<TNext>>? errback)
            : base(target)
        {
            _callback = callback;
            _errback = errback;
        }

        public override Deferred? Run(Deferred source)
        {
            var from = (Deferred<T>)source;
            var target = (Deferred<TNext>)Target;
            if (!target.BeginTransfer())
            {
                source.ReleaseResult();
                return null;
            }

            Failure? failure = from.CurrentFailure;
            Delegate? culprit = failure is null ? _callback : _errback;
            Deferred<TNext>? inner = null;
            if (culprit is null)
            {
                target.SetFailure(failure!);
            }
            else
            {
                try
                {
                    inner = failure is null ? _callback(from._typedValue) : _errback!(failure);
                    if (inner is null)
                    {
                        target.SetFailure(new Failure(new InvalidOperationException(
                            Failure.Describe(culprit) + " returned a null Deferred.")));
                    }
                }
                catch (Exception exception)
                {
                    target.SetFailure(Failure.FromCaught(exception, failure, culprit));
                }
            }

            source.ReleaseResult();
            if (inner is not null)
            {
                target.WaitOnOrSteal(inner);
                if (target.ChainedTo is not null)
                {
                    return null;
                }
            }

            return target;
        }
    }
}

public partial class Deferred<T>
{
    private protected override bool CanHoldResultsOf(Deferred source)
        => source is Deferred<T> || (source.GetType().IsGenericType && typeof(T).IsAssignableFrom(source.GetType().GetGenericArguments()[0])) || (source.GetType() == typeof(Deferred) && default(T) is null && typeof(T) == typeof(object));
}
