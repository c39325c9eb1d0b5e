using System;
using System.Runtime.CompilerServices;

namespace Torsion.Reactors.Timers;

/// <summary>
/// A delayed call made with a state-passing <c>CallLater(delay, callable, state)</c>: it keeps the
/// state inline and passes it to the callable, so scheduling allocates this one object instead of
/// a delayed call, a closure and a delegate.
/// </summary>
/// <typeparam name="TState">The state's type (stored unboxed).</typeparam>
internal sealed class StateDelayedCall<TState> : DelayedCall
{
    private TState _state;

    internal StateDelayedCall(TimerQueue owner, double time, Action<TState> func, TState state, long sequence)
        : base(owner, time, func, sequence)
    {
        _state = state;
    }

    /// <inheritdoc/>
    internal override void Invoke() => Unsafe.As<Action<TState>>(Func)(_state);

    /// <inheritdoc/>
    private protected override void ClearState() => _state = default!;
}
