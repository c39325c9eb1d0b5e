namespace Torsion;

/// <summary>A running inlineCallbacks body (generated or driven at run time) that can be cancelled.</summary>
internal interface IInlineCallbacksRun
{
    /// <summary>Cancels the Deferred the body is waiting for, if it is waiting for one.</summary>
    void CancelWaiting();
}
