using System;

namespace Torsion;

/// <summary>
/// Adapts a user's function to the shape a chain step calls: with an extra argument bound to it
/// (Twisted's <c>addCallback(f, *args)</c>), or as <c>AddBoth</c>'s callback and errback. A failure
/// raised in an adapter names <see cref="Inner"/>, the user's function, on its route.
/// </summary>
internal interface ICallbackAdapter
{
    /// <summary>The user's callback, named on a failure's route instead of the adapter.</summary>
    Delegate Inner { get; }
}

/// <summary>Binds <typeparamref name="TState"/> as the second argument of a two-argument function.</summary>
internal sealed class BoundCallback<TArg, TState, TResult> : ICallbackAdapter
{
    private readonly Func<TArg, TState, TResult> _function;
    private readonly TState _state;

    public BoundCallback(Func<TArg, TState, TResult> function, TState state)
    {
        _function = function;
        _state = state;
    }

    public Delegate Inner => _function;

    public TResult Invoke(TArg argument) => _function(argument, _state);
}

/// <summary>Binds <typeparamref name="TState"/> as the third argument of a typed both-paths function.</summary>
internal sealed class BoundBoth<T, TState> : ICallbackAdapter
{
    private readonly Func<T?, Failure?, TState, T> _function;
    private readonly TState _state;

    public BoundBoth(Func<T?, Failure?, TState, T> function, TState state)
    {
        _function = function;
        _state = state;
    }

    public Delegate Inner => _function;

    public T OnValue(T value) => _function(value, null, _state);

    public T OnFailure(Failure failure) => _function(default, failure, _state);
}

/// <summary>Binds <typeparamref name="TState"/> to an untyped both-paths function (value or Failure first).</summary>
internal sealed class BoundUntypedBoth<TState> : ICallbackAdapter
{
    private readonly Func<object?, TState, object?> _function;
    private readonly TState _state;

    public BoundUntypedBoth(Func<object?, TState, object?> function, TState state)
    {
        _function = function;
        _state = state;
    }

    public Delegate Inner => _function;

    public object? OnValue(object? value) => _function(value, _state);

    public object? OnFailure(Failure failure) => _function(failure, _state);
}

/// <summary>A typed both-paths function (<c>AddBoth</c>) as a callback and an errback.</summary>
internal sealed class BothCallback<T> : ICallbackAdapter
{
    private readonly Func<T?, Failure?, T> _function;

    public BothCallback(Func<T?, Failure?, T> function) => _function = function;

    public Delegate Inner => _function;

    public T OnValue(T value) => _function(value, null);

    public T OnFailure(Failure failure) => _function(default, failure);
}
