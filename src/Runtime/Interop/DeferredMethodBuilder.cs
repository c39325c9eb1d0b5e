using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

/// <summary>
/// Builds the <see cref="Deferred{T}"/> of an <c>async Deferred&lt;T&gt;</c> method (Twisted's
/// <c>ensureDeferred</c> of a coroutine, for C#). Used by the compiler; not called directly.
/// </summary>
/// <remarks>
/// <para>
/// The method starts at once and runs synchronously up to its first <c>await</c> of something not
/// yet available, like inlineCallbacks. Its result fires the returned Deferred; an exception fails
/// it with the original stack trace (it is never thrown to the caller). Cancelling the returned
/// Deferred while the method awaits a Deferred cancels that Deferred: its failure (normally
/// <see cref="CancelledException"/>) is raised at the <c>await</c>, where the method may catch it and
/// go on — the returned Deferred then stays cancellable. While the method awaits something other
/// than a Deferred, cancelling has no effect.
/// </para>
/// <para>
/// A method completing inside the continuation of an awaited Deferred fires its own Deferred as a
/// tail call, so awaiting chains of any depth complete in constant stack.
/// </para>
/// </remarks>
/// <typeparam name="T">The method's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct DeferredMethodBuilder<T>
{
    private AsyncMethodDeferred<T>? _deferred;

    /// <summary>Creates a builder.</summary>
    public static DeferredMethodBuilder<T> Create() => default;

    /// <summary>The Deferred the method returns.</summary>
    public Deferred<T> Task => _deferred ??= new AsyncMethodDeferred<T>();

    /// <summary>Runs the method up to its first pending await.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
        => AsyncMethodSupport.Start(ref stateMachine);

    /// <summary>Not used (the state machine is boxed by this builder).</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>
    /// Fires the method's Deferred with <paramref name="result"/>; fails it with an
    /// <see cref="ArgumentException"/> when <paramref name="result"/> is a Deferred (a Deferred never
    /// fires with another Deferred, see <see cref="Deferred.Callback(object)"/>).
    /// </summary>
    public void SetResult(T result)
    {
        if (result is Deferred returned)
        {
            // 'return otherDeferred;' from an async Deferred<Deferred>: a Deferred never fires with a Deferred.
            SetFailure(DeferredResultRule.ReturnedDeferred(returned, "an async Deferred method"));
            return;
        }

        if (_deferred is null)
        {
            // Completed synchronously: nobody can be waiting yet.
            var deferred = new AsyncMethodDeferred<T>();
            deferred.SetValue(result);
            deferred.MarkFired();
            _deferred = deferred;
            return;
        }

        _deferred.Awaited = null;
        _deferred.ResolveAsTail(result);
    }

    /// <summary>Fails the method's Deferred with <paramref name="exception"/>.</summary>
    public void SetException(Exception exception)
    {
        // A failure raised at an await and not caught keeps its identity, trace and route: linear
        // cost through nests of any depth (a new Failure would capture an ever longer trace).
        SetFailure(Failure.ForRethrown(exception), passedOn: true);
    }

    private void SetFailure(Failure failure, bool passedOn = false)
    {
        AsyncMethodDeferred<T> deferred = _deferred ??= new AsyncMethodDeferred<T>();
        deferred.Awaited = null;
        if (passedOn && deferred.Box is { } box)
        {
            failure.AddRoute("passed on by", box.MachineType);
        }

        deferred.ResolveAsTail((object)failure);
    }

    /// <summary>Schedules the state machine to resume when <paramref name="awaiter"/> completes.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        AsyncMethodDeferred<T> deferred = _deferred ??= new AsyncMethodDeferred<T>();
        deferred.Awaited = AsyncMethodSupport.AwaitedDeferred(ref awaiter);
        awaiter.OnCompleted(AsyncMethodSupport.GetMoveNext(deferred, ref stateMachine));
    }

    /// <summary>Schedules the state machine to resume when <paramref name="awaiter"/> completes.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        AsyncMethodDeferred<T> deferred = _deferred ??= new AsyncMethodDeferred<T>();
        deferred.Awaited = AsyncMethodSupport.AwaitedDeferred(ref awaiter);
        awaiter.UnsafeOnCompleted(AsyncMethodSupport.GetMoveNext(deferred, ref stateMachine));
    }
}

/// <summary>
/// Builds the <see cref="Deferred"/> of an <c>async Deferred</c> method; its result is null. See
/// <see cref="DeferredMethodBuilder{T}"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct DeferredMethodBuilder
{
    private DeferredMethodBuilder<object?> _inner;

    /// <summary>Creates a builder.</summary>
    public static DeferredMethodBuilder Create() => default;

    /// <summary>The Deferred the method returns.</summary>
    public Deferred Task => _inner.Task;

    /// <summary>Runs the method up to its first pending await.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
        => AsyncMethodSupport.Start(ref stateMachine);

    /// <summary>Not used.</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>Fires the method's Deferred with null.</summary>
    public void SetResult() => _inner.SetResult(null);

    /// <summary>Fails the method's Deferred with <paramref name="exception"/>.</summary>
    public void SetException(Exception exception) => _inner.SetException(exception);

    /// <summary>Schedules the state machine to resume when <paramref name="awaiter"/> completes.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    /// <summary>Schedules the state machine to resume when <paramref name="awaiter"/> completes.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}

/// <summary>The Deferred of an async method: knows what the method awaits, so cancelling reaches it.</summary>
internal sealed class AsyncMethodDeferred<T> : Deferred<T>
{
    public AsyncMethodDeferred()
    {
        SetCancelHandler(static d => ForwardCancel(((AsyncMethodDeferred<T>)d).Awaited));
    }

    /// <summary>The Deferred the method is waiting on now, if it is waiting on one.</summary>
    public Deferred? Awaited { get; set; }

    /// <summary>The boxed state machine, created at the first pending await.</summary>
    public StateMachineBox? Box { get; set; }

    /// <summary>Marks a Deferred whose value was set directly as fired (no callbacks can exist yet).</summary>
    public void MarkFired() => BeginFire();
}

/// <summary>Plumbing shared by the two builders.</summary>
internal static class AsyncMethodSupport
{
    /// <summary>The Deferred behind a Deferred awaiter, or null for any other awaiter.</summary>
    public static Deferred? AwaitedDeferred<TAwaiter>(ref TAwaiter awaiter)
    {
        if (typeof(TAwaiter) == typeof(DeferredAwaiter) || (typeof(TAwaiter).IsGenericType && typeof(TAwaiter).GetGenericTypeDefinition() == typeof(DeferredAwaiter<>)))
        {
            // Both awaiter types hold exactly one Deferred reference.
            return Unsafe.As<TAwaiter, DeferredAwaiter>(ref awaiter).Deferred;
        }

        return null;
    }

    /// <summary>
    /// Runs the method's first part like .NET's own builders do: changes it makes to the
    /// ExecutionContext (AsyncLocal values) and the SynchronizationContext stay inside the method
    /// and do not leak into its caller.
    /// </summary>
    public static void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        ExecutionContext? previousExecution = ExecutionContext.Capture();
        SynchronizationContext? previousSync = SynchronizationContext.Current;

        // The first part runs inside its caller, not as a continuation's last action: what it
        // completes (or its own synchronous failure) runs at once, never as a deferred tail.
        System.Collections.Generic.List<Deferred>? suspended = Deferred.SuspendTailQueueUnlessOwner(null);
        try
        {
            stateMachine.MoveNext();
        }
        finally
        {
            Deferred.ResumeTailQueue(suspended);
            if (previousExecution is not null)
            {
                ExecutionContext.Restore(previousExecution);
            }

            if (!ReferenceEquals(SynchronizationContext.Current, previousSync))
            {
                SynchronizationContext.SetSynchronizationContext(previousSync);
            }
        }
    }

    /// <summary>
    /// Boxes the state machine once per call and returns its MoveNext delegate, which resumes the
    /// method in the ExecutionContext captured now, at the await (as .NET's builders do).
    /// </summary>
    public static Action GetMoveNext<T, TStateMachine>(AsyncMethodDeferred<T> deferred, ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        // The copy in the box is the one that runs from now on; its builder already holds the
        // Deferred, because the builder created it before the copy was made.
        StateMachineBox box = deferred.Box ??= new StateMachineBox<TStateMachine>(stateMachine);
        box.Context = ExecutionContext.Capture();
        return box.MoveNextAction;
    }
}

/// <summary>An async Deferred method's state machine, boxed, with the context it resumes in.</summary>
internal abstract class StateMachineBox
{
    private static readonly ContextCallback s_run = static state => ((StateMachineBox)state!).RunStateMachine();

    protected StateMachineBox() => MoveNextAction = MoveNext;

    /// <summary>The ExecutionContext captured at the pending await; null when flow was suppressed.</summary>
    public ExecutionContext? Context { get; set; }

    /// <summary>The cached delegate that resumes the method.</summary>
    public Action MoveNextAction { get; }

    private void MoveNext()
    {
        // Resumed by the Deferred runner as its continuation, the method's completion is a tail
        // call (constant stack for deep awaiting chains). Resumed from anywhere else inside such a
        // continuation (an awaited Task completed inline), it completes at once, as if nested.
        System.Collections.Generic.List<Deferred>? suspended = Deferred.SuspendTailQueueUnlessOwner(MoveNextAction);
        try
        {
            ExecutionContext? context = Context;
            if (context is null)
            {
                RunStateMachine();
            }
            else
            {
                // Run restores the resumer's context afterwards: the method's changes do not leak
                // into the code that fired the awaited Deferred.
                ExecutionContext.Run(context, s_run, this);
            }
        }
        finally
        {
            Deferred.ResumeTailQueue(suspended);
        }
    }

    /// <summary>Resumes the state machine on the current thread, in the current context.</summary>
    protected abstract void RunStateMachine();

    /// <summary>The compiler-generated state machine type (it names the method in failure routes).</summary>
    public abstract Type MachineType { get; }
}

/// <summary>The typed part of <see cref="StateMachineBox"/>.</summary>
internal sealed class StateMachineBox<TStateMachine> : StateMachineBox
    where TStateMachine : IAsyncStateMachine
{
    private TStateMachine _stateMachine;

    public StateMachineBox(TStateMachine stateMachine) => _stateMachine = stateMachine;

    protected override void RunStateMachine() => _stateMachine.MoveNext();

    public override Type MachineType => typeof(TStateMachine);
}
