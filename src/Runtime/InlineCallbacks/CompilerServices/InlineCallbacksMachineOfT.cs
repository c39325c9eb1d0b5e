using System.ComponentModel;

namespace Torsion.CompilerServices;

/// <summary>
/// The base of a generated state machine whose method returns <see cref="Deferred{T}"/> (the body ends
/// with <c>yield return InlineCallbacks.Return(value)</c>). Not for direct use.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class InlineCallbacksMachine<T> : InlineCallbacksMachineBase
{
    private readonly InlineCallbacksDeferred<T> _completion;

    /// <summary>
    /// The value given to <c>InlineCallbacks.Return</c>; the generated code stores it here and returns.
    /// Default when the body ends without one.
    /// </summary>
    public T ReturnValue = default!;

    /// <summary>Creates the machine and the Deferred it will fire.</summary>
    protected InlineCallbacksMachine() => _completion = new InlineCallbacksDeferred<T>(this);

    /// <summary>The Deferred the generated method returns; fires with <see cref="ReturnValue"/> when the body ends.</summary>
    public Deferred<T> Completion => _completion;

    private protected override Deferred CompletionDeferred => _completion;

    private protected override void Succeed()
    {
        T value = ReturnValue;
        ReturnValue = default!;
        if (value is Deferred returned)
        {
            // InlineCallbacks.Return(otherDeferred): a Deferred never fires with a Deferred.
            _completion.ResolveAsTail(DeferredResultRule.ReturnedDeferred(returned, "an [InlineCallbacks] method"));
            return;
        }

        _completion.ResolveAsTail(value);
    }
}
