using System;

namespace Torsion;

/// <summary>
/// The outcome of a Deferred, as seen through <see cref="InlineCallbacks.Settle{T}(Deferred{T})"/>:
/// either a value or a <see cref="Torsion.Failure"/>.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly struct Settled<T>
{
    private readonly T _value;

    /// <summary>An outcome that succeeded with <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public Settled(T value)
    {
        _value = value;
        Failure = null;
    }

    /// <summary>An outcome that failed with <paramref name="failure"/>.</summary>
    /// <param name="failure">The failure.</param>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    public Settled(Failure failure)
    {
        _value = default!;
        Failure = failure ?? throw new ArgumentNullException(nameof(failure));
    }

    /// <summary>The failure, or null when the Deferred succeeded.</summary>
    public Failure? Failure { get; }

    /// <summary>True when the Deferred failed.</summary>
    public bool Failed => Failure is not null;

    /// <summary>True when the Deferred succeeded.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The value; when the Deferred failed, rethrows its exception with the original stack trace.</summary>
    public T Value
    {
        get
        {
            Failure?.RaiseException();
            return _value;
        }
    }

    /// <summary>Gets the value when the Deferred succeeded.</summary>
    /// <param name="value">The value, or default when the Deferred failed.</param>
    /// <returns>True when the Deferred succeeded.</returns>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return Failure is null;
    }

    /// <summary>Describes the outcome: <c>Succeeded(value)</c> or <c>Failed(ExceptionType: message)</c>.</summary>
    public override string ToString() =>
        Failure is null ? "Succeeded(" + _value + ")" : "Failed(" + Failure.Type.Name + ": " + Failure.GetErrorMessage() + ")";
}
