namespace Torsion;

/// <summary>The result of the marker Deferred made by <see cref="InlineCallbacks.Return{T}(T)"/>.</summary>
internal sealed class InlineCallbacksReturnValue
{
    public InlineCallbacksReturnValue(object? value) => Value = value;

    public object? Value { get; }

    public override string ToString() => "InlineCallbacks.Return(" + (Value ?? "null") + ")";
}
