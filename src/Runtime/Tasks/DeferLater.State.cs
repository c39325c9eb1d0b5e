using System;

namespace Torsion;

// The state-passing forms of DeferLater: with a static lambda and a state argument, the only objects
// allocated are the returned Deferred (which also carries the function, its state and the timer)
// and the clock's delayed call. The closure forms allocate a closure, a timer Deferred, a transfer
// step and two delegates besides.
public static partial class ReactorTimeExtensions
{
    /// <summary>
    /// The state-passing form of <see cref="DeferLater{T}(IReactorTime, TimeSpan, Func{T})"/>: once
    /// <paramref name="delay"/> has passed, calls <paramref name="callable"/> with
    /// <paramref name="state"/> and fires with its result, or fails with what it threw. With a static
    /// lambda (<c>clock.DeferLater(delay, static s =&gt; s.Next(), source)</c>) nothing is allocated
    /// besides the returned Deferred and the clock's delayed call.
    /// </summary>
    /// <typeparam name="TState">The type of <paramref name="state"/>.</typeparam>
    /// <typeparam name="T">The function's result type. Its value is kept as it is (a returned Deferred is not waited on; use the <c>Func&lt;TState, Deferred&lt;T&gt;&gt;</c> overload for that).</typeparam>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <returns>
    /// The Deferred. Cancelling it before the delay has passed cancels the timer, so the function never
    /// runs, and fails it with <see cref="CancelledException"/>. Firing it yourself before then also
    /// keeps the function from running.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Deferred<T> DeferLater<TState, T>(this IReactorTime clock, TimeSpan delay, Func<TState, T> callable, TState state)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(callable);
        ValidateDelay(delay);
        var deferred = new DelayedFunction<TState, T>(callable, state);
        deferred.Schedule(clock, delay);
        return deferred;
    }

    /// <summary>
    /// The state-passing form of <see cref="DeferLater{T}(IReactorTime, TimeSpan, Func{Deferred{T}})"/>:
    /// once <paramref name="delay"/> has passed, calls <paramref name="callable"/> with
    /// <paramref name="state"/>, then waits for the Deferred it returns and fires with that Deferred's
    /// result. Cancelling it before the delay has passed cancels the timer, so the function never runs;
    /// cancelling it while it waits cancels the function's Deferred.
    /// </summary>
    /// <typeparam name="TState">The type of <paramref name="state"/>.</typeparam>
    /// <typeparam name="T">The result type of the function's Deferred.</typeparam>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <returns>The Deferred.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)] // a returned Deferred is waited on, never taken as a value
    public static Deferred<T> DeferLater<TState, T>(this IReactorTime clock, TimeSpan delay, Func<TState, Deferred<T>> callable, TState state)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(callable);
        ValidateDelay(delay);
        var deferred = new DelayedDeferredFunction<TState, T>(callable, state);
        deferred.Schedule(clock, delay);
        return deferred;
    }

    /// <summary>
    /// The state-passing form of <see cref="DeferLater(IReactorTime, TimeSpan, Action)"/>: once
    /// <paramref name="delay"/> has passed, calls <paramref name="callable"/> with
    /// <paramref name="state"/> and fires with null, or fails with what it threw.
    /// </summary>
    /// <typeparam name="TState">The type of <paramref name="state"/>.</typeparam>
    /// <param name="clock">The reactor (or <see cref="Torsion.Testing.Clock"/>) to wait on.</param>
    /// <param name="delay">How long to wait; zero or positive.</param>
    /// <param name="callable">What to run after the delay.</param>
    /// <param name="state">Passed to <paramref name="callable"/>.</param>
    /// <returns>
    /// The Deferred. Cancelling it before the delay has passed cancels the timer, so the action never
    /// runs, and fails it with <see cref="CancelledException"/>. Firing it yourself before then also
    /// keeps the function from running.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="callable"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static Deferred DeferLater<TState>(this IReactorTime clock, TimeSpan delay, Action<TState> callable, TState state)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(callable);
        ValidateDelay(delay);
        var deferred = new DelayedAction<TState>(callable, state);
        deferred.Schedule(clock, delay);
        return deferred;
    }

    /// <summary>
    /// The Deferred of a state-passing DeferLater with a function, which is also its timer's state:
    /// it holds the state and the timer, cancels the timer when cancelled, and once the delay has
    /// passed runs <see cref="Run"/> unless it was fired (or cancelled) before.
    /// </summary>
    private abstract class DelayedTypedCall<TState, T> : Deferred<T>
    {
        private static readonly Action<Deferred> s_cancel = static d => ((DelayedTypedCall<TState, T>)d).CancelTimer();
        private static readonly Action<DelayedTypedCall<TState, T>> s_fire = static d => d.Fire();

        private TState _state;
        private IDelayedCall? _call;

        protected DelayedTypedCall(TState state)
            : base(s_cancel, CancellerForm.Untyped)
        {
            _state = state;
        }

        public void Schedule(IReactorTime clock, TimeSpan delay) => _call = clock.CallLater(delay, s_fire, this);

        /// <summary>Calls the function with the state and fires this Deferred from what it did.</summary>
        protected abstract void Run(TState state);

        private void CancelTimer() => _call?.Cancel();

        private void Fire()
        {
            _call = null;
            TState state = _state;
            _state = default!;
            if (Called)
            {
                return; // fired (or cancelled) before the delay passed: the function does not run
            }

            Run(state);
        }
    }

    /// <summary>The Deferred of a state-passing DeferLater with a function: fires with its result.</summary>
    private sealed class DelayedFunction<TState, T> : DelayedTypedCall<TState, T>
    {
        private readonly Func<TState, T> _callable;

        public DelayedFunction(Func<TState, T> callable, TState state)
            : base(state)
        {
            _callable = callable;
        }

        protected override void Run(TState state)
        {
            T value;
            try
            {
                value = _callable(state);
            }
            catch (Exception exception)
            {
                FireInternal(Failure.FromCaught(exception, null, _callable));
                return;
            }

            FireValueInternal(value);
        }
    }

    /// <summary>The Deferred of a state-passing DeferLater with a function returning a Deferred: waits for it.</summary>
    private sealed class DelayedDeferredFunction<TState, T> : DelayedTypedCall<TState, T>
    {
        private readonly Func<TState, Deferred<T>> _callable;

        public DelayedDeferredFunction(Func<TState, Deferred<T>> callable, TState state)
            : base(state)
        {
            _callable = callable;
        }

        protected override void Run(TState state)
        {
            Deferred<T>? inner;
            try
            {
                inner = _callable(state);
            }
            catch (Exception exception)
            {
                FireInternal(Failure.FromCaught(exception, null, _callable));
                return;
            }

            if (inner is null)
            {
                FireInternal(new Failure(new InvalidOperationException(Failure.Describe(_callable) + " returned a null Deferred.")));
                return;
            }

            FireWaitingOn(inner);
        }
    }

    /// <summary>The Deferred of a state-passing DeferLater with an action.</summary>
    private sealed class DelayedAction<TState> : Deferred
    {
        private static readonly Action<Deferred> s_cancel = static d => ((DelayedAction<TState>)d).CancelTimer();
        private static readonly Action<DelayedAction<TState>> s_fire = static d => d.Fire();

        private readonly Action<TState> _callable;
        private TState _state;
        private IDelayedCall? _call;

        public DelayedAction(Action<TState> callable, TState state)
            : base(s_cancel)
        {
            _callable = callable;
            _state = state;
        }

        public void Schedule(IReactorTime clock, TimeSpan delay) => _call = clock.CallLater(delay, s_fire, this);

        private void CancelTimer() => _call?.Cancel();

        private void Fire()
        {
            _call = null;
            TState state = _state;
            _state = default!;
            if (Called)
            {
                return;
            }

            try
            {
                _callable(state);
            }
            catch (Exception exception)
            {
                FireInternal(Failure.FromCaught(exception, null, _callable));
                return;
            }

            FireValueBoxedInternal(null);
        }
    }
}
