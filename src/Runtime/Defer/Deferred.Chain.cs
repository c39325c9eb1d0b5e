using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

// The chain runner. Twisted runs chained Deferreds with an explicit stack instead of recursion;
// Torsion does the same for every way one Deferred hands its result to another: a callback
// returning a Deferred, ChainDeferred, a type-changing callback, and the completion of a
// generated inlineCallbacks method or async Deferred method (see ResolveAsTail).
public partial class Deferred
{
    /// <summary>This thread's tail-call bookkeeping (one thread-static read per continuation run).</summary>
    [ThreadStatic]
    private static TailState? t_tail;

    /// <summary>The tail-call bookkeeping of one thread.</summary>
    private sealed class TailState
    {
        /// <summary>
        /// Deferreds fired "as a tail call" by the continuation that is running on this thread; the
        /// runner picks them up when the continuation returns (see <see cref="ResolveAsTail(object)"/>).
        /// Null when no continuation is running.
        /// </summary>
        public List<Deferred>? Queue;

        /// <summary>The continuation <see cref="RunContinuation"/> is running on this thread, if any.</summary>
        public Action? Owner;

        /// <summary>
        /// Tails fired by one continuation after the first; <see cref="RunContinuation"/> leaves them
        /// here for <see cref="RunCallbacks"/>, which runs them right after the first.
        /// </summary>
        public List<Deferred>? Extra;
    }

    /// <summary>
    /// Appends a step and, when the Deferred has a result and is not already running its chain,
    /// runs it (Twisted's behaviour for callbacks added after firing).
    /// </summary>
    private protected void AddStep(in Step step)
    {
        if ((_flags & (CalledFlag | RetiredFlag)) == 0)
        {
            // A chain being built before it fires (the usual case): one test, then append.
            AppendStepRaw(step);
            return;
        }

        EnsureNotRetired();

        // A step may change the result: the flags alone no longer say it is a value (a fired
        // Deferred is used from one thread, so the plain write races with nothing).
        _flags &= ~BornSucceededFlag;
        if ((_flags & (CalledFlag | RunningFlag | PausedFlag | WaitingFlag)) == CalledFlag && step.Second is not StepTag
            && _stepHead == _stepTail && _rare?.Unhandled is null)
        {
            // Fast path: a callback/errback pair added to a Deferred that has its result and
            // nothing queued runs at once, without going through the step array and the runner.
            RunPairNow(step.First, step.Second);
            return;
        }

        AppendStepRaw(step);
        if ((_flags & (CalledFlag | RunningFlag)) == CalledFlag)
        {
            RunCallbacks();
        }
    }

    /// <summary>
    /// Runs one callback/errback pair against the current result now (see <see cref="AddStep"/>),
    /// then hands over to the runner if the pair queued more steps, waits on a Deferred, or left a
    /// failure to track. Takes the references by value: an address-exposed step would slow down
    /// every <see cref="AddStep"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void RunPairNow(object? callback, object? errback)
    {
        if ((_flags & TypedFlag) == 0)
        {
            RunUntypedCallbackStep(callback, errback);
        }
        else
        {
            RunCallbackStep(new Step(StepKind.Pair, callback, errback, null));
        }
        if (_stepHead < _stepTail || _result is Failure || (_flags & WaitingFlag) != 0)
        {
            RunCallbacks();
        }
    }

    /// <summary>Appends a step without running anything.</summary>
    private protected void AppendStepRaw(in Step step)
    {
        object? steps = _steps;
        if (steps is null)
        {
            if ((_flags & BornSucceededFlag) != 0)
            {
                // The first step of a Deferred created with its value, appended without AddStep (a
                // Deferred waiting on this paused one). Only a fired Deferred has the flag, and a
                // fired Deferred is used from one thread, so this plain write races with nothing (an
                // unfired one, which another thread may be firing, never writes here).
                _flags &= ~BornSucceededFlag;
            }

            _stepHead = 0;
            if (step.Kind == StepKind.Notify)
            {
                // An observer (an await, a generated [InlineCallbacks] machine, a DeferredList) is
                // usually the only step a Deferred ever gets: kept inline, no array.
                _steps = step.Callback;
                Volatile.Write(ref _stepTail, 1);
                return;
            }

            // User callbacks usually come several to a chain: four slots to start with.
            var first = new Step[FirstStepCapacity];
            StoreStep(ref first[0], step);
            _steps = first;
            Volatile.Write(ref _stepTail, 1);
            return;
        }

        if (steps.GetType() != typeof(Step[]))
        {
            // A second step after the inline observer: both move to an array.
            var moved = new Step[FirstStepCapacity];
            moved[0] = new Step(StepKind.Notify, steps, null, null);
            moved[1] = step;
            _stepHead = 0;
            _steps = moved;
            Volatile.Write(ref _stepTail, 2);
            return;
        }

        Step[] array = Unsafe.As<Step[]>(steps);
        int tail = _stepTail;
        if (tail == array.Length)
        {
            int live = tail - _stepHead;
            if (_stepHead > 0 && live <= array.Length / 2)
            {
                // Slide the live steps to the front instead of growing.
                Array.Copy(array, _stepHead, array, 0, live);
                Array.Clear(array, live, tail - live);
            }
            else
            {
                // Grow four-fold the first time (4 -> 16: a chain of up to 16 steps copies its
                // steps once), then double.
                var grown = new Step[array.Length < SecondStepCapacity ? SecondStepCapacity : array.Length * 2];
                int head = _stepHead;
                for (int i = 0; i < live; i++)
                {
                    // Only the non-null references, each with the plain write barrier (see StoreStep).
                    StoreStep(ref grown[i], array[head + i]);
                }

                _steps = array = grown;
            }

            _stepHead = 0;
            tail = live;
        }

        StoreStep(ref array[tail], step);
        Volatile.Write(ref _stepTail, tail + 1);
    }

    /// <summary>
    /// Stores <paramref name="step"/> into an empty (zeroed) slot: only its non-null references, each
    /// with a plain write barrier (copying the whole struct into the heap takes the slower by-reference
    /// barrier for every reference field, null or not). Slots are always empty at the tail: new
    /// arrays are zeroed, and taken or slid-out slots are cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreStep(ref Step slot, in Step step)
    {
        if (step.First is { } first)
        {
            Unsafe.AsRef(in slot.First) = first;
        }

        if (step.Second is { } second)
        {
            Unsafe.AsRef(in slot.Second) = second;
        }
    }

    /// <summary>Slots of the first step array.</summary>
    private const int FirstStepCapacity = 4;

    /// <summary>Slots of the array the first one grows into.</summary>
    private const int SecondStepCapacity = 16;

    /// <summary>Takes the step at the head of the queue (there is one), leaving its slot empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Step TakeHeadStep()
    {
        object steps = _steps!;
        if (steps.GetType() == typeof(Step[]))
        {
            ref Step slot = ref Unsafe.As<Step[]>(steps)[_stepHead];
            Step step = slot;
            slot = default;
            _stepHead++;
            return step;
        }

        // The inline observer.
        _steps = null;
        _stepHead++;
        return new Step(StepKind.Notify, steps, null, null);
    }

    /// <summary>
    /// Runs the chain from this Deferred, and every Deferred it hands a result to, in one loop.
    /// Does nothing while this Deferred's own callbacks are already running further up the stack
    /// (they will pick up what was added).
    /// </summary>
    private protected void RunCallbacks()
    {
        if ((_flags & RunningFlag) != 0)
        {
            return;
        }

        if (_stepHead == _stepTail)
        {
            // Nothing queued (a Deferred fired before anything was added): only the bookkeeping.
            FinishRun();
            return;
        }

        Deferred current = this;
        List<Deferred>? waiting = null;
        while (true)
        {
            Deferred? next = current.RunOwnSteps();
            if (next is not null)
            {
                // Run `next` first, then come back to `current` for any steps it still has. When
                // `current` has none left, finish it now: a long ChainDeferred chain then needs no
                // stack at all.
                if (current._stepHead < current._stepTail)
                {
                    (waiting ??= new List<Deferred>()).Add(current);
                }
                else
                {
                    current.FinishRun();
                }

                if (t_tail is { Extra: { } extras } tail)
                {
                    // More tails from one continuation: each runs after the one before it is done
                    // or waiting, and none waits behind another's chain.
                    tail.Extra = null;
                    waiting ??= new List<Deferred>();
                    for (int i = extras.Count - 1; i >= 1; i--)
                    {
                        waiting.Add(extras[i]);
                    }
                }

                current = next;
                continue;
            }

            current.FinishRun();
            if (waiting is null || waiting.Count == 0)
            {
                return;
            }

            current = waiting[^1];
            waiting.RemoveAt(waiting.Count - 1);
        }
    }

    /// <summary>
    /// Runs this Deferred's own steps until none is left, it is paused or waiting, or another
    /// Deferred must run first.
    /// </summary>
    /// <returns>The Deferred to run next (this one resumes after it), or null.</returns>
    private Deferred? RunOwnSteps()
    {
        if ((_flags & CalledFlag) == 0)
        {
            return null;
        }

        if (_rare?.Unhandled is not null && _stepHead < _stepTail)
        {
            // Somebody may handle the failure after all.
            DismissUnhandled();
        }

        while ((_flags & (PausedFlag | WaitingFlag)) == 0 && _stepHead < _stepTail)
        {
            if ((_flags & TypedFlag) == 0 && HeadStepIsPair())
            {
                // Untyped callback/errback pairs, by far the most common steps: run in one frame.
                RunUntypedPairs();
                continue;
            }

            Step step = TakeHeadStep();
            if (step.Second is not StepTag)
            {
                // A typed callback/errback pair: no dispatch on the kind.
                RunCallbackStep(step);
                continue;
            }

            switch (step.Kind)
            {
                case StepKind.Bind:
                    // Only typed handles add binds.
                    RunCallbackStep(step);
                    break;

                case StepKind.Continue:
                {
                    // The Deferred that returned us from a callback gets our result; we keep an
                    // empty one (Twisted: None).
                    var parent = (Deferred)step.Target!;
                    parent.TakeResultFrom(this);
                    parent._link = null;
                    parent._flags &= ~WaitingFlag;
                    return parent;
                }

                case StepKind.ChainTo:
                {
                    var other = (Deferred)step.Target!;
                    if ((other._flags & CalledFlag) != 0)
                    {
                        if ((other._flags & SuppressAlreadyCalledFlag) != 0)
                        {
                            // The other Deferred was cancelled without a canceller: it swallows
                            // this late result, as its Callback would.
                            other._flags &= ~SuppressAlreadyCalledFlag;
                            ReleaseResult();
                        }
                        else
                        {
                            SetFailure(new Failure(new AlreadyCalledException(
                                "ChainDeferred could not pass the result on: the chained Deferred was already fired.")));
                        }

                        break;
                    }

                    other._flags |= CalledFlag;
                    other._link = null;
                    other.TakeResultFrom(this);
                    return other;
                }

                case StepKind.Transfer:
                {
                    var transfer = (TransferStep)step.Target!;
                    _flags |= RunningFlag;
                    Deferred? target;
                    try
                    {
                        target = transfer.Run(this);
                    }
                    finally
                    {
                        _flags &= ~RunningFlag;
                    }

                    if (target is not null)
                    {
                        return target;
                    }

                    break;
                }

                case StepKind.Notify:
                {
                    Deferred? tail = RunContinuation((Action)step.Callback!);
                    if (tail is not null)
                    {
                        return tail;
                    }

                    break;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Runs an observer step with the result in place. Returns a Deferred the observer fired as a
    /// tail call, which must run before this chain goes on.
    /// </summary>
    private Deferred? RunContinuation(Action continuation)
    {
        TailState tail = t_tail ??= new TailState();
        List<Deferred>? outerQueue = tail.Queue;
        Action? outerOwner = tail.Owner;
        List<Deferred>? queue = null;
        _flags |= RunningFlag;
        try
        {
            tail.Queue = queue = s_emptyTailMarker;
            tail.Owner = continuation;
            continuation();
        }
        catch (Exception exception)
        {
            // Observers (awaiters, generated state machines) catch their own exceptions; one that
            // escapes is a bug that must not be lost or kill the caller.
            UnhandledFailures.Report(new Failure(exception), "a continuation registered on " + DescribeHandle());
        }
        finally
        {
            _flags &= ~RunningFlag;
            queue = tail.Queue;
            tail.Queue = outerQueue;
            tail.Owner = outerOwner;
        }

        if (queue is null || ReferenceEquals(queue, s_emptyTailMarker) || queue.Count == 0)
        {
            return null;
        }

        // Usually exactly one tail; more are run one after another, in the order fired, by the
        // runner (not as steps of the first: if the first waits or pauses, the others must not).
        if (queue.Count > 1)
        {
            tail.Extra = queue;
        }

        return queue[0];
    }

    /// <summary>
    /// Called by a continuation that may run either as the continuation <see cref="RunContinuation"/>
    /// is running (then its ResolveAsTail is a true tail call) or from other code inside it (an
    /// inline Task continuation, a method's synchronous start). In the second case the tail queue
    /// is hidden, so what it fires runs at once, as a nested call would; returns what to restore.
    /// </summary>
    internal static List<Deferred>? SuspendTailQueueUnlessOwner(Action? self)
    {
        TailState? tail = t_tail;
        List<Deferred>? queue = tail?.Queue;
        if (queue is null || (self is not null && ReferenceEquals(tail!.Owner, self)))
        {
            return null;
        }

        tail!.Queue = null;
        return queue;
    }

    /// <summary>Undoes <see cref="SuspendTailQueueUnlessOwner"/> (a null argument does nothing).</summary>
    internal static void ResumeTailQueue(List<Deferred>? queue)
    {
        if (queue is not null)
        {
            // Only ever given what SuspendTailQueueUnlessOwner took on this thread: the state exists.
            t_tail!.Queue = queue;
        }
    }

    /// <summary>A shared marker meaning "a continuation is running and has queued no tail yet".</summary>
    private static readonly List<Deferred> s_emptyTailMarker = new(0);

    /// <summary>
    /// Fires the Deferred with <paramref name="result"/> as the last action of a continuation
    /// (an awaiter or a generated state machine): when such a continuation is running on this
    /// thread, the chain runs right after the continuation returns, in the runner's loop instead of
    /// by recursion; otherwise it runs now. The caller must do nothing after this call that could
    /// observe the difference.
    /// </summary>
    internal void ResolveAsTail(object? result)
    {
        if (result is not Failure)
        {
            try
            {
                EnsureResultFits(result);
            }
            catch (ArgumentException mismatch)
            {
                // The continuation that completes this Deferred cannot take an exception back:
                // the result that does not fit becomes the failure.
                result = new Failure(mismatch);
            }
        }

        if (!BeginFireUnpublished())
        {
            return;
        }

        if (result is Failure failure)
        {
            SetFailure(failure);
        }
        else
        {
            SetValueBoxed(result);
        }

        PublishFired();
        RunOrQueueAsTail();
    }

    /// <summary>Runs the chain now, or queues it for the running continuation's runner (see <see cref="ResolveAsTail(object)"/>).</summary>
    private protected void RunOrQueueAsTail()
    {
        TailState? tail = t_tail;
        List<Deferred>? queue = tail?.Queue;
        if (queue is null)
        {
            RunCallbacks();
            return;
        }

        if (ReferenceEquals(queue, s_emptyTailMarker))
        {
            tail!.Queue = queue = new List<Deferred>(1);
        }

        queue.Add(this);
    }

    /// <summary>
    /// Adds an observer step: <paramref name="continuation"/> runs when the result is available
    /// and leaves it in place. Used by awaiters and generated state machines.
    /// </summary>
    internal void AddContinuation(Action continuation) => AddStep(new Step(StepKind.Notify, continuation, null, null));

    /// <summary>
    /// Adds an <c>await</c>'s continuation. Deferreds are single-threaded, but an <c>await</c> on one
    /// thread while another thread fires the Deferred (the reactor, say) is a mistake easy to make,
    /// so this hand-off is made safe: the result is published before the Deferred counts as fired
    /// (<see cref="PublishFired"/>), a full fence on both sides means the continuation is either seen
    /// by the firing thread's runner or run here, and a once-guard keeps it from running twice.
    /// </summary>
    internal void AddAwaiterContinuation(Action continuation)
    {
        // One read of the flags decides: with two (HasResult, then Called), a Deferred fired by
        // another thread between them looked "fired but paused or waiting", and the continuation
        // was added as a step while that thread's runner could also be taking it.
        int flags = Volatile.Read(ref _flags);
        if ((flags & (CalledFlag | PausedFlag | WaitingFlag)) == CalledFlag)
        {
            // The compiler asks for a continuation only after IsCompleted said "no result"; on one
            // thread nothing can change in between. So another thread fired it meanwhile, and may
            // still be running its chain: run the continuation here, without touching the steps.
            continuation();
            return;
        }

        if ((flags & CalledFlag) != 0)
        {
            // Fired but paused or waiting on another Deferred: the usual single-threaded path.
            AddStep(new Step(StepKind.Notify, continuation, null, null));
            return;
        }

        EnsureNotRetired();
        var once = new OnceContinuation(continuation);
        AppendStepRaw(new Step(StepKind.Notify, once.RunAction, null, null));
        Interlocked.MemoryBarrier();
        if (HasResult)
        {
            // Fired by another thread while the step was being added: its runner may not have seen
            // the step. Run it here; the once-guard settles a tie with that runner.
            once.RunAction();
        }
    }

    /// <summary>An awaiter's continuation that runs at most once, whichever thread gets to it first.</summary>
    private sealed class OnceContinuation
    {
        private readonly Action _continuation;
        private int _ran;

        public OnceContinuation(Action continuation)
        {
            _continuation = continuation;
            RunAction = Run;
        }

        public Action RunAction { get; }

        private void Run()
        {
            if (Interlocked.Exchange(ref _ran, 1) == 0)
            {
                // Run by the chain runner as this step: the wrapped continuation is the one whose
                // completion is a tail call (see SuspendTailQueueUnlessOwner).
                if (t_tail is { } tail && ReferenceEquals(tail.Owner, RunAction))
                {
                    tail.Owner = _continuation;
                }

                _continuation();
            }
        }
    }

    /// <summary>The current failure was consumed by an observer: do not report it as unhandled.</summary>
    internal void MarkFailureHandled()
    {
        _flags |= FailureObservedFlag;
        DismissUnhandled();
    }

    /// <summary>
    /// Makes <see cref="Cancel"/> call <paramref name="handler"/> each time it is called while the
    /// Deferred has not fired, and nothing else: the handler decides what cancelling means.
    /// </summary>
    internal void SetCancelHandler(Action<Deferred> handler)
    {
        _link = handler;
        _flags |= CancelHandlerFlag;
    }

    /// <summary>
    /// Runs one callback/errback pair (<see cref="StepKind.Pair"/> or <see cref="StepKind.Bind"/>)
    /// against the current result. The untyped form lives here; typed handles override it.
    /// </summary>
    private protected virtual void RunCallbackStep(Step step) => RunUntypedCallbackStep(step.First, step.Second);

    /// <summary>True when the step at the head of the queue (there is one) is a callback/errback pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HeadStepIsPair()
        => _steps is Step[] array && (uint)_stepHead < (uint)array.Length && array[_stepHead].Second is not StepTag;

    /// <summary>
    /// Runs the untyped callback/errback pairs at the head of the queue one after another, in one
    /// frame, until a step of another kind, the end of the queue, a pause or a wait. A callback that
    /// throws fails the chain and the next pair runs on the failure, as with one pair at a time.
    /// </summary>
    private void RunUntypedPairs()
    {
        while (true)
        {
            // Live in the handler: the pair that was running when it threw, and whether it was.
            Failure? failure = null;
            object? handler = null;
            bool calling = false;
            try
            {
                while ((_flags & (PausedFlag | WaitingFlag)) == 0 && _stepHead < _stepTail && HeadStepIsPair())
                {
                    Step step = TakeHeadStep();
                    failure = _result as Failure;
                    handler = failure is null ? step.First : step.Second;
                    if (handler is null)
                    {
                        continue;
                    }

                    _flags |= RunningFlag;
                    calling = true;

                    // An untyped handle's pairs hold exactly these delegate types (AddCallbacksCore).
                    object? outcome = failure is null
                        ? Unsafe.As<Func<object?, object?>>(handler)(_result)
                        : Unsafe.As<Func<Failure, object?>>(handler)(failure);
                    calling = false;
                    _flags &= ~RunningFlag;
                    if (outcome is ValueType)
                    {
                        // A boxed value (the common untyped result): neither a Failure nor a
                        // Deferred, and one type test instead of two hierarchy walks.
                        _result = outcome;
                    }
                    else
                    {
                        StoreUntypedOutcome(outcome, failure, handler);
                    }
                }

                return;
            }
            catch (Exception exception) when (calling)
            {
                // Thrown by the callback or errback itself; anything else is not the chain's to catch.
                _flags &= ~RunningFlag;
                SetFailure(Failure.FromCaught(exception, failure, (Delegate)handler!));
            }
        }
    }

    /// <summary>
    /// The untyped form of <see cref="RunCallbackStep"/>, for one pair (see <see cref="RunUntypedPairs"/>
    /// for the runner's loop): the pair's callback and errback come in as two references.
    /// </summary>
    private void RunUntypedCallbackStep(object? callback, object? errback)
    {
        Failure? failure = _result as Failure;
        object? handler = failure is null ? callback : errback;
        if (handler is null)
        {
            return;
        }

        object? outcome;
        _flags |= RunningFlag;
        try
        {
            // An untyped handle's pairs hold exactly these delegate types (AddCallbacksCore).
            outcome = failure is null
                ? Unsafe.As<Func<object?, object?>>(handler)(_result)
                : Unsafe.As<Func<Failure, object?>>(handler)(failure);
        }
        catch (Exception exception)
        {
            _flags &= ~RunningFlag;
            SetFailure(Failure.FromCaught(exception, failure, (Delegate)handler));
            return;
        }

        _flags &= ~RunningFlag;
        StoreUntypedOutcome(outcome, failure, handler);
    }

    /// <summary>
    /// Makes what an untyped callback or errback returned the chain's result: a Failure fails it
    /// (named on the route when it is a new one), a Deferred is waited on, anything else is the value.
    /// </summary>
    private void StoreUntypedOutcome(object? outcome, Failure? failure, object handler)
    {
        if (outcome is ValueType)
        {
            _result = outcome;
            return;
        }

        switch (outcome)
        {
            case Failure returned:
                if (!ReferenceEquals(returned, failure))
                {
                    returned.AddRoute("returned by", (Delegate)handler);
                }

                SetFailure(returned);
                break;
            case Deferred inner:
                _result = null;
                WaitOnOrSteal(inner);
                break;
            default:
                _result = outcome;
                break;
        }
    }

    /// <summary>
    /// A callback returned <paramref name="inner"/>: take its result now if it has one, otherwise
    /// wait for it (Twisted's chaining).
    /// </summary>
    internal void WaitOnOrSteal(Deferred inner)
    {
        if (ReferenceEquals(inner, this))
        {
            SetFailure(new Failure(new InvalidOperationException(
                "A callback returned the Deferred it was attached to; that would wait forever. Return another Deferred or a value.")));
            return;
        }

        if (inner.HasResult && (inner._flags & RunningFlag) == 0 && inner._stepHead == inner._stepTail)
        {
            TakeResultFrom(inner);
            return;
        }

        _link = inner;
        _flags |= WaitingFlag;
        inner.AppendStepRaw(new Step(StepKind.Continue, null, null, this));
    }

    /// <summary>
    /// Moves <paramref name="source"/>'s current result into this Deferred; the source keeps an
    /// empty result (null or default) and no longer reports its failure as unhandled.
    /// </summary>
    internal void TakeResultFrom(Deferred source)
    {
        if (source._result is Failure failure)
        {
            SetFailure(failure);
        }
        else
        {
            AcceptValueFrom(source);
        }

        source.ReleaseResult();
    }

    /// <summary>Copies <paramref name="source"/>'s successful value into this handle (typed handles avoid boxing).</summary>
    private protected virtual void AcceptValueFrom(Deferred source) => SetValueBoxed(source.GetValueBoxed());

    /// <summary>Forgets the current result after handing it on.</summary>
    internal void ReleaseResult()
    {
        _result = null;
        ClearValue();
        DismissUnhandled();
    }

    /// <summary>
    /// Called when the runner is done with this Deferred for now: a chain that ended in an
    /// unobserved failure starts being tracked for the unhandled-failure report.
    /// </summary>
    private void FinishRun()
    {
        // A paused chain with errbacks queued counts too: dropped while paused, they never run.
        if (_result is Failure failure && (_flags & (FailureObservedFlag | WaitingFlag | RetiredFlag)) == 0
            && (_stepHead == _stepTail || (_flags & PausedFlag) != 0))
        {
            RareState rare = Rare;
            rare.Unhandled ??= new UnhandledFailureTracker(failure, TypedResultType);
        }
    }

    /// <summary>Stops tracking the current failure for the unhandled-failure report.</summary>
    private void DismissUnhandled()
    {
        if (_rare?.Unhandled is { } tracker)
        {
            tracker.Dismiss();
            _rare.Unhandled = null;
        }
    }
}

public partial class Deferred
{
    /// <summary>
    /// Marks a handle that continues another's chain as fired by its transfer step; false when it
    /// was already fired on its own (cancelled while the source was paused), in which case the late
    /// result is dropped.
    /// </summary>
    internal bool BeginTransfer()
    {
        if ((_flags & CalledFlag) != 0)
        {
            _flags &= ~SuppressAlreadyCalledFlag;
            return false;
        }

        _flags |= CalledFlag;
        _link = null;
        return true;
    }

    /// <summary>The untyped handle this chain continues under: this Deferred itself when it is untyped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected Deferred ToUntyped()
        => (_flags & (TypedFlag | RetiredFlag)) == 0 ? this : ToUntypedCore();

    /// <summary>The rest of <see cref="ToUntyped"/>: a typed handle continues as a new untyped one; a retired handle throws.</summary>
    private protected virtual Deferred ToUntypedCore()
    {
        EnsureNotRetired();
        return this;
    }
}
