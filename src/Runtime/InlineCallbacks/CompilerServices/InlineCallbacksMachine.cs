using System.ComponentModel;

namespace Torsion.CompilerServices;

/// <summary>
/// The base of a generated state machine whose method returns an untyped <see cref="Deferred"/>
/// (the body never uses <c>InlineCallbacks.Return</c>). Not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class InlineCallbacksMachine : InlineCallbacksMachineBase
{
    private readonly InlineCallbacksDeferred _completion;

    /// <summary>Creates the machine and the Deferred it will fire.</summary>
    protected InlineCallbacksMachine() => _completion = new InlineCallbacksDeferred(this);

    /// <summary>The Deferred the generated method returns; fires with null when the body ends.</summary>
    public Deferred Completion => _completion;

    private protected override Deferred CompletionDeferred => _completion;

    private protected override void Succeed() => _completion.ResolveAsTail(null);
}
