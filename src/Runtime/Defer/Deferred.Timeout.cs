using System;

namespace Torsion;

// Twisted's addTimeout.
public partial class Deferred
{
    /// <summary>
    /// Makes the Deferred give up after <paramref name="timeout"/> (Twisted's <c>addTimeout</c>):
    /// if it has no result by then, it is cancelled and the resulting
    /// <see cref="CancelledException"/> becomes a <see cref="DeferredTimeoutException"/>. A result
    /// that arrives in time passes through and the timer is cancelled. Only the callbacks added
    /// before this call are covered by the timeout; callbacks added after see its outcome.
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="clock">The clock (a reactor, or a <see cref="Torsion.Testing.Clock"/> in tests).</param>
    /// <param name="onTimeoutCancel">
    /// When given and the timeout expires, called with the result the cancellation produced (the
    /// value, or the <see cref="Failure"/>) and the timeout; its return value replaces the result.
    /// </param>
    /// <returns>This Deferred (or, on a typed handle, the untyped Deferred the chain continues as, when <paramref name="onTimeoutCancel"/> is given).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <remarks>A manual <see cref="Cancel"/> before the timeout keeps its <see cref="CancelledException"/>.</remarks>
    public Deferred AddTimeout(TimeSpan timeout, IReactorTime clock, Func<object?, TimeSpan, object?>? onTimeoutCancel = null)
    {
        if (onTimeoutCancel is null)
        {
            AddTimeoutSteps(timeout, clock);
            return this;
        }

        return ToUntyped().AddTimeoutUntyped(timeout, clock, onTimeoutCancel);
    }

    private Deferred AddTimeoutUntyped(TimeSpan timeout, IReactorTime clock, Func<object?, TimeSpan, object?> onTimeoutCancel)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var state = new TimeoutState();
        state.Timer = clock.CallLater(timeout, () =>
        {
            state.TimedOut = true;
            Cancel();
        });
        AddCallbacksCore(
            value => state.TimedOut ? onTimeoutCancel(value, timeout) : value,
            failure => state.TimedOut ? onTimeoutCancel(failure, timeout) : failure);
        AddCallbacksCore(
            value =>
            {
                state.StopTimer();
                return value;
            },
            failure =>
            {
                state.StopTimer();
                return failure;
            });
        return this;
    }

    /// <summary>
    /// Adds the two timeout steps without changing the handle's type: translate a timeout's
    /// cancellation into <see cref="DeferredTimeoutException"/>, then stop the timer.
    /// </summary>
    private protected void AddTimeoutSteps(TimeSpan timeout, IReactorTime clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        EnsureNotRetired();
        var state = new TimeoutState();
        state.Timer = clock.CallLater(timeout, () =>
        {
            state.TimedOut = true;
            Cancel();
        });

        // Both steps are failure-only or pass-through, so they fit any handle type: an errback
        // step that rethrows keeps the failure path and a null callback passes values on.
        AddStep(new Step(StepKind.Pair, null, MakeTimeoutErrback(state, timeout), null));
        AddFinallyStep(state.StopTimer);
    }

    /// <summary>An errback that turns a timeout's CancelledException into DeferredTimeoutException, in the handle's own errback type.</summary>
    private protected virtual object MakeTimeoutErrback(TimeoutState state, TimeSpan timeout)
        => (Func<Failure, object?>)(failure => TranslateTimeout(state, timeout, failure));

    /// <summary>The translation shared by every handle type: returns the failure to keep, or throws the timeout.</summary>
    private protected static Failure TranslateTimeout(TimeoutState state, TimeSpan timeout, Failure failure)
    {
        if (state.TimedOut && failure.Check<CancelledException>())
        {
            throw new DeferredTimeoutException(timeout);
        }

        return failure;
    }

    /// <summary>Adds a step that runs <paramref name="action"/> on both paths and leaves the result unchanged.</summary>
    private protected virtual void AddFinallyStep(Action action)
        => AddStep(new Step(
            StepKind.Pair,
            (Func<object?, object?>)(value =>
            {
                action();
                return value;
            }),
            (Func<Failure, object?>)(failure =>
            {
                action();
                return failure;
            }),
            null));

    /// <summary>The shared state of one <see cref="AddTimeout"/>.</summary>
    private protected sealed class TimeoutState
    {
        public IDelayedCall? Timer;
        public bool TimedOut;

        public void StopTimer()
        {
            if (Timer is { Active: true } timer)
            {
                timer.Cancel();
            }
        }
    }
}

public partial class Deferred<T>
{
    private protected override object MakeTimeoutErrback(TimeoutState state, TimeSpan timeout)
        => (Func<Failure, T>)(failure =>
        {
            TranslateTimeout(state, timeout, failure).RaiseException();
            return default!;
        });

    private protected override void AddFinallyStep(Action action)
        => AddStep(new Step(
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
}
