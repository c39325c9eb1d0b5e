using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Torsion;

/// <summary>
/// The run-time inlineCallbacks driver behind <see cref="InlineCallbacks.Run(IEnumerable{Deferred})"/>:
/// enumerates the iterator the naive way. It is the reference the generated state machines are tested
/// against, and the baseline of the benchmarks.
/// </summary>
/// <remarks>
/// A C# iterator cannot have an exception thrown into it, but it needs none: <c>yield</c> is never
/// inside a <c>try</c> with a <c>catch</c>, so a failure raised at the <c>yield</c> could only run the
/// enclosing finally blocks and leave — which is exactly what disposing the iterator does.
/// </remarks>
/// <typeparam name="T">The result type (object? for the untyped form).</typeparam>
internal sealed class IteratorDriver<T> : IInlineCallbacksRun
{
    private readonly bool _typed;
    private IEnumerator<Deferred>? _iterator;
    private Deferred? _awaiting;
    private Action? _resume;
    private bool _running;
    private bool _resumeRequested;

    public IteratorDriver(bool typed)
    {
        _typed = typed;
        Completion = typed ? new InlineCallbacksDeferred<T>(this) : new InlineCallbacksDeferred(this);
    }

    public Deferred Completion { get; }

    public void Start(IEnumerable<Deferred> body)
    {
        try
        {
            _iterator = body.GetEnumerator();
        }
        catch (Exception exception)
        {
            Fail(new Failure(exception));
            return;
        }

        Run();
    }

    public void CancelWaiting() => Deferred.ForwardCancel(_awaiting);

    [StackTraceHidden]
    private void Run()
    {
        if (_running)
        {
            _resumeRequested = true;
            return;
        }

        _running = true;
        try
        {
            Step();
        }
        finally
        {
            _running = false;
        }
    }

    private void Step()
    {
        IEnumerator<Deferred> iterator = _iterator!;
        while (true)
        {
            if (_awaiting is { } waited)
            {
                _awaiting = null;
                if (waited.IsFailed)
                {
                    Failure failure = waited.CurrentFailure!;
                    waited.MarkFailureHandled();
                    Finish(iterator, failure, null);
                    return;
                }
            }

            Deferred? current;
            try
            {
                if (!iterator.MoveNext())
                {
                    Finish(iterator, null, null);
                    return;
                }

                current = iterator.Current;
            }
            catch (Exception exception)
            {
                Fail(new Failure(exception));
                return;
            }

            if (current is null)
            {
                Finish(iterator, new Failure(CompilerServices.InlineCallbacksMachine.NullYielded()), null);
                return;
            }

            // Return's marker is an untyped Deferred: test the type first so typed results are not boxed.
            if (current.GetType() == typeof(Deferred) && current.HasResult && current.CurrentResultBoxed is InlineCallbacksReturnValue returned)
            {
                Finish(iterator, null, returned);
                return;
            }

            if (!current.HasFinalResult)
            {
                // Not fired, or in the middle of running its callbacks: wait for its final result.
                _resumeRequested = false;
                try
                {
                    current.AddContinuation(_resume ??= Run);
                }
                catch (Exception exception)
                {
                    // A retired typed handle: the failure is raised at the yield (finally blocks run).
                    Finish(iterator, new Failure(exception), null);
                    return;
                }

                _awaiting = current;
                if (!_resumeRequested)
                {
                    return;
                }
            }
            else
            {
                _awaiting = current;
            }
        }
    }

    /// <summary>Leaves the iterator (its finally blocks run) and fires the Deferred.</summary>
    private void Finish(IEnumerator<Deferred> iterator, Failure? failure, InlineCallbacksReturnValue? returned)
    {
        ((IInlineCallbacksCompletion)Completion).Detach();
        _iterator = null;
        try
        {
            iterator.Dispose();
        }
        catch (Exception exception)
        {
            failure = new Failure(exception);
        }

        if (failure is not null)
        {
            Fail(failure);
            return;
        }

        if (returned?.Value is Deferred returnedDeferred)
        {
            Fail(DeferredResultRule.ReturnedDeferred(returnedDeferred, "an inlineCallbacks iterator"));
            return;
        }

        if (!_typed)
        {
            Completion.ResolveAsTail(returned?.Value);
            return;
        }

        T value;
        try
        {
            value = returned is null ? default! : (T)returned.Value!;
        }
        catch (InvalidCastException exception)
        {
            Fail(new Failure(exception));
            return;
        }

        ((Deferred<T>)Completion).ResolveAsTail(value);
    }

    private void Fail(Failure failure)
    {
        ((IInlineCallbacksCompletion)Completion).Detach();
        _iterator = null;
        Completion.ResolveAsTail(failure);
    }
}
