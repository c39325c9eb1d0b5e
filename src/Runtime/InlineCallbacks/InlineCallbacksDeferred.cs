namespace Torsion;

/// <summary>
/// The Deferred returned by an untyped inlineCallbacks method: cancelling it cancels the Deferred the
/// body is waiting for (and never fails it directly, so it stays cancellable while the body goes on).
/// </summary>
internal sealed class InlineCallbacksDeferred : Deferred, IInlineCallbacksCompletion
{
    public InlineCallbacksDeferred(IInlineCallbacksRun run)
    {
        Run = run;
        SetCancelHandler(static d => ((InlineCallbacksDeferred)d).Run?.CancelWaiting());
    }

    /// <summary>The running body; null once it has ended, so the Deferred keeps nothing of it alive.</summary>
    public IInlineCallbacksRun? Run { get; private set; }

    public void Detach() => Run = null;
}

/// <summary>The typed form of <see cref="InlineCallbacksDeferred"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class InlineCallbacksDeferred<T> : Deferred<T>, IInlineCallbacksCompletion
{
    public InlineCallbacksDeferred(IInlineCallbacksRun run)
    {
        Run = run;
        SetCancelHandler(static d => ((InlineCallbacksDeferred<T>)d).Run?.CancelWaiting());
    }

    /// <summary>The running body; null once it has ended, so the Deferred keeps nothing of it alive.</summary>
    public IInlineCallbacksRun? Run { get; private set; }

    public void Detach() => Run = null;
}

/// <summary>The Deferred of an inlineCallbacks body, which lets go of the body when it ends.</summary>
internal interface IInlineCallbacksCompletion
{
    /// <summary>Forgets the body (its variables and arguments), which has ended.</summary>
    void Detach();
}
