using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Torsion.CompilerServices;

/// <summary>
/// The shared base of the state machines the [InlineCallbacks] generator writes
/// (<see cref="InlineCallbacksMachine"/>, <see cref="InlineCallbacksMachine{T}"/>). Not for direct use:
/// the generated code calls these members, and their names are part of the generator's contract.
/// </summary>
/// <remarks>
/// <para>
/// A generated machine holds the body's hoisted variables and a <see cref="State"/>; its
/// <see cref="MoveNext"/> runs the rewritten body from that state until the body waits for a Deferred
/// that has not fired (<see cref="Await"/> returns true and the body returns) or ends. A Deferred that
/// has already fired does not suspend: the body goes straight on, in the same frame, so any number of
/// fired yields runs in constant stack.
/// </para>
/// <para>
/// When the body ends, the returned Deferred fires "as a tail call" when that happens inside another
/// Deferred's chain, so nested generated methods complete in constant stack at any depth.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class InlineCallbacksMachineBase : IInlineCallbacksRun
{
    /// <summary>Running (or not started): the value of <see cref="State"/> while the body executes.</summary>
    public const int Running = -1;

    /// <summary>The body has ended and the returned Deferred was fired.</summary>
    public const int Finished = -2;

    /// <summary>
    /// How many generated bodies may start inside one another, synchronously, on one thread. Deeper
    /// starts are queued and run as soon as the outermost body returns, so that 10,000 nested
    /// generated methods need no more stack than this many.
    /// </summary>
    internal const int MaxNestedStarts = 48;

    /// <summary>This thread's nesting bookkeeping: one thread-static read per run of a body.</summary>
    [ThreadStatic]
    private static Nesting? t_nesting;

    private Deferred? _awaiting;
    private Exception? _error;
    private Action? _resume;
    private bool _running;
    private bool _resumeRequested;

    /// <summary>
    /// Where the body is: <see cref="Running"/> while it runs, the number of the resume point while it
    /// waits for a Deferred, <see cref="Finished"/> at the end. Generated finally blocks run only
    /// while it is negative (not when the body merely returns to wait).
    /// </summary>
    public int State = Running;

    /// <summary>Creates the machine; <see cref="Start"/> runs it.</summary>
    private protected InlineCallbacksMachineBase()
    {
    }

    /// <summary>The returned Deferred, untyped.</summary>
    private protected abstract Deferred CompletionDeferred { get; }

    /// <summary>Runs the rewritten body from <see cref="State"/> (generated).</summary>
    protected abstract void MoveNext();

    /// <summary>Fires the returned Deferred with the body's result.</summary>
    private protected abstract void Succeed();

    /// <summary>
    /// Runs the body until it waits for an unfired Deferred or ends (eager start). When more than
    /// <see cref="MaxNestedStarts"/> bodies are already running inside one another on this thread,
    /// the start is queued instead and happens as soon as the outermost one returns.
    /// </summary>
    [StackTraceHidden]
    public void Start()
    {
        Nesting nesting = t_nesting ??= new Nesting();
        if (nesting.Depth >= MaxNestedStarts)
        {
            (nesting.QueuedStarts ??= new Queue<InlineCallbacksMachineBase>()).Enqueue(this);
            return;
        }

        Run(nesting);
    }

    /// <summary>
    /// Called where the body yields <paramref name="deferred"/>. Returns false when it already has its
    /// value (the body goes on at once), raises its failure when it has already failed (the failure
    /// counts as handled by this body), and returns true when the body must return and be resumed at
    /// <paramref name="resumeState"/>, where it calls <see cref="Resume"/>, once it has a result.
    /// </summary>
    /// <param name="deferred">The yielded Deferred.</param>
    /// <param name="resumeState">The resume point (positive).</param>
    /// <returns>True when the body must return to wait.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="deferred"/> is null, or a typed handle retired by a type-changing callback (the body fails with it at the yield).</exception>
    /// <exception cref="Exception">The failure's exception, with its original stack trace, when <paramref name="deferred"/> has already failed.</exception>
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Await(Deferred deferred, int resumeState)
    {
        // The common case first, small enough to inline into the generated body: a Deferred that
        // already has its final value goes on at once, with nothing to remember.
        if (deferred is not null && deferred.HasFinalValue)
        {
            return false;
        }

        return AwaitSlow(deferred, resumeState);
    }

    /// <summary>The rest of <see cref="Await"/>: null, a failure at hand, or a Deferred to wait for.</summary>
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AwaitSlow(Deferred? deferred, int resumeState)
    {
        if (deferred is null)
        {
            throw NullYielded();
        }

        if (deferred.HasFinalResult)
        {
            // A failure at hand is raised here, at the yield, as Resume would raise it after a wait.
            if (deferred.IsFailed)
            {
                RaiseFailureOf(deferred);
            }

            return false;
        }

        // Not fired yet, or fired but in the middle of running its callbacks (one of them resumed
        // this body): wait for the result its chain ends with. Adding the continuation comes first:
        // when it throws (a retired typed handle), State is still Running, so the body fails at the
        // yield and every enclosing finally block runs.
        deferred.AddContinuation(_resume ??= Run);
        _awaiting = deferred;
        State = resumeState;
        return true;
    }

    /// <summary>
    /// Called at a resume point, when the body comes back from waiting: when the awaited Deferred
    /// failed, rethrows its failure's exception with its original stack trace (the failure counts as
    /// handled by this body). Does nothing when nothing is awaited.
    /// </summary>
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Resume()
    {
        // A body resumed after waiting always has the Deferred it waited for in _awaiting; the
        // generated code skips Resume when Await returned false, and Resume then had nothing to do.
        if (_awaiting is not null)
        {
            ResumeWaited();
        }
    }

    /// <summary>The rest of <see cref="Resume"/>: marks the body running again, forgets the awaited Deferred and raises its failure, if any.</summary>
    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ResumeWaited()
    {
        State = Running;
        Deferred awaited = _awaiting!;
        _awaiting = null;
        if (awaited.IsFailed)
        {
            RaiseFailureOf(awaited);
        }
    }

    /// <summary>Rethrows the exception of <paramref name="failed"/>'s failure with its original stack trace; the failure counts as handled by this body.</summary>
    [StackTraceHidden]
    private static void RaiseFailureOf(Deferred failed)
    {
        Failure failure = failed.CurrentFailure!;
        failed.MarkFailureHandled();
        failure.RaiseException();
    }

    /// <summary>
    /// Called by the generated body when an exception ends it (every <c>finally</c> block has run): the
    /// returned Deferred fails with it once the body has returned. The body catches the exception
    /// itself so that the exception's stack trace ends in the user's method, not in this class.
    /// </summary>
    /// <param name="exception">The exception that ended the body.</param>
    public void Fail(Exception exception)
    {
        State = Running;
        _error = exception;
    }

    /// <summary>Stores <paramref name="value"/> into a hoisted pattern variable; always true (used inside patterns).</summary>
    /// <typeparam name="TValue">The variable's type.</typeparam>
    /// <param name="location">The hoisted variable.</param>
    /// <param name="value">The matched value.</param>
    /// <returns>True.</returns>
    public bool Hoist<TValue>(out TValue location, TValue value)
    {
        location = value;
        return true;
    }

    /// <summary>Disposes a hoisted struct resource or enumerator in place (no boxing, no copy).</summary>
    /// <typeparam name="TResource">The resource type.</typeparam>
    /// <param name="resource">The hoisted resource.</param>
    public void DisposeValue<TResource>(ref TResource resource)
        where TResource : struct, IDisposable
        => resource.Dispose();

    /// <inheritdoc />
    void IInlineCallbacksRun.CancelWaiting() => Deferred.ForwardCancel(_awaiting);

    /// <summary>The exception for <c>yield return null</c>.</summary>
    internal static InvalidOperationException NullYielded() =>
        new("An [InlineCallbacks] method yielded null; yield a Deferred (Deferred.Succeed(value) for a value at hand).");

    /// <summary>The continuation registered on awaited Deferreds: resumes the body.</summary>
    [StackTraceHidden]
    private void Run()
    {
        if (_running)
        {
            // Resumed from inside Await (a continuation that ran at once): go round again.
            _resumeRequested = true;
            return;
        }

        Run(t_nesting ??= new Nesting());
    }

    [StackTraceHidden]
    private void Run(Nesting nesting)
    {
        if (_running)
        {
            _resumeRequested = true;
            return;
        }

        _running = true;
        nesting.Depth++;
        Exception? error = null;
        try
        {
            do
            {
                _resumeRequested = false;
                MoveNext();
            }
            while (State >= 0 && _resumeRequested);
        }
        catch (Exception exception)
        {
            // Only for a machine whose body does not catch (the generated bodies do, see Fail).
            error = exception;
        }
        finally
        {
            nesting.Depth--;
            _running = false;
        }

        if (_error is not null)
        {
            error = _error;
            _error = null;
        }

        if (error is not null)
        {
            State = Finished;
            _awaiting = null;
            ((IInlineCallbacksCompletion)CompletionDeferred).Detach();

            // A failure raised into the body and not caught keeps its identity, trace and route:
            // linear cost through nests of any depth (a new Failure would capture an ever longer trace).
            Failure failure = Failure.ForRethrown(error);
            failure.AddRoute("passed on by", GetType());
            CompletionDeferred.ResolveAsTail(failure);
        }
        else if (State < 0)
        {
            State = Finished;
            ((IInlineCallbacksCompletion)CompletionDeferred).Detach();
            Succeed();
        }

        if (nesting.Depth == 0 && nesting.QueuedStarts is { Count: > 0 } && !nesting.Draining)
        {
            RunQueuedStarts(nesting);
        }
    }

    /// <summary>Starts the bodies whose start was queued for depth (see <see cref="Start"/>), in order.</summary>
    [StackTraceHidden]
    private static void RunQueuedStarts(Nesting nesting)
    {
        nesting.Draining = true;
        try
        {
            while (nesting.QueuedStarts!.TryDequeue(out InlineCallbacksMachineBase? machine))
            {
                machine.Run(nesting);
            }
        }
        finally
        {
            nesting.Draining = false;
        }
    }

    /// <summary>How deeply generated bodies run inside one another on a thread, and the starts queued for depth.</summary>
    private sealed class Nesting
    {
        /// <summary>Bodies running inside one another on this thread.</summary>
        public int Depth;

        /// <summary>Starts deferred because <see cref="Depth"/> reached <see cref="MaxNestedStarts"/>.</summary>
        public Queue<InlineCallbacksMachineBase>? QueuedStarts;

        /// <summary>Whether <see cref="RunQueuedStarts"/> is running on this thread.</summary>
        public bool Draining;
    }
}
