namespace Torsion;

/// <summary>
/// The Deferred returned by an untyped inlineCallbacks method: cancelling it cancels the Deferred the
/// body is waiting for (and never fails it directly, so it stays cancellable while the body goes on).
/// </summary>
internal sealed class InlineCallbacksDeferred : Deferred
{
    public InlineCallbacksDeferred(IInlineCallbacksRun run)
    {
        Run = run;
        SetCancelHandler(static d => ((InlineCallbacksDeferred)d).Run.CancelWaiting());
    }

    public IInlineCallbacksRun Run { get; }
}

/// <summary>The typed form of <see cref="InlineCallbacksDeferred"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class InlineCallbacksDeferred<T> : Deferred<T>
{
    public InlineCallbacksDeferred(IInlineCallbacksRun run)
    {
        Run = run;
        SetCancelHandler(static d => ((InlineCallbacksDeferred<T>)d).Run.CancelWaiting());
    }

    public IInlineCallbacksRun Run { get; }
}
