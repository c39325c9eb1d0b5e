using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Torsion;

/// <summary>
/// A result that does not exist yet, and the chain of callbacks that will process it
/// (Twisted's <c>Deferred</c>). This untyped form carries <see cref="object"/> results and follows
/// Twisted's dynamic chain exactly; <see cref="Deferred{T}"/> is the typed form.
/// </summary>
/// <remarks>
/// <para>
/// A Deferred is fired once, with <see cref="Callback(object)"/> (a result) or
/// <see cref="Errback(Failure)"/> (a <see cref="Failure"/>). Its chain is a list of
/// callback/errback pairs, run in the order they were added: each pair gets the current result
/// (the callback when it is a value, the errback when it is a failure) and what it returns becomes
/// the next result. A callback that throws switches the chain to failures; an errback that returns
/// a value recovers. Pairs added after the Deferred fired run at once.
/// </para>
/// <para>
/// A callback that returns another Deferred pauses this chain until that one fires, then this chain
/// continues with its result. If that Deferred has already fired, its result is taken at once
/// ("stolen"): the other Deferred is left with an empty result and never reports the failure as
/// unhandled. All such chaining, and <see cref="ChainDeferred"/>, runs in a loop, never by recursion:
/// chains of any length run in constant stack.
/// </para>
/// <para>
/// A Deferred is not thread-safe. Fire it and add callbacks to it on one thread — the reactor's,
/// in a program with a reactor.
/// </para>
/// <para>
/// When a chain ends in a failure that nothing handled and the Deferred is garbage-collected, the
/// failure is reported through <see cref="UnhandledFailures"/>, so errors are never lost silently.
/// </para>
/// </remarks>
[AsyncMethodBuilder(typeof(DeferredMethodBuilder))]
[DebuggerDisplay("{ToString(),nq}")]
public partial class Deferred
{
    /// <summary>Set by <see cref="Callback(object)"/>/<see cref="Errback(Failure)"/> the first time.</summary>
    private protected const int CalledFlag = 1;

    /// <summary>A callback of this Deferred is running right now (re-entrancy guard).</summary>
    private protected const int RunningFlag = 2;

    /// <summary>Cancelled without a canceller: the next Callback/Errback is swallowed silently.</summary>
    private protected const int SuppressAlreadyCalledFlag = 4;

    /// <summary>The chain continued under another handle; this one may no longer be used.</summary>
    private protected const int RetiredFlag = 8;

    /// <summary>Cancel() calls the canceller each time and never fails the Deferred by itself.</summary>
    private protected const int CancelHandlerFlag = 16;

    /// <summary>The current failure was consumed (awaited, raised into a generated method).</summary>
    private protected const int FailureObservedFlag = 32;

    /// <summary>This handle continues another handle's chain; it cannot be fired directly.</summary>
    private protected const int DerivedFlag = 64;

    /// <summary>Paused: <see cref="RareState.PauseCount"/> is above zero.</summary>
    private protected const int PausedFlag = 128;

    /// <summary>Fired and waiting on a Deferred a callback returned (<see cref="_link"/> holds it).</summary>
    private protected const int WaitingFlag = 256;

    /// <summary>A <see cref="Deferred{T}"/> (set by its constructors): untyped members continue as an untyped handle.</summary>
    private protected const int TypedFlag = 512;

    /// <summary>
    /// Created already succeeded (<see cref="Succeed(object)"/>, <see cref="Succeed{T}(T)"/>) and no
    /// step was ever added: the result is a value, nothing is queued, and the flags alone say so
    /// (<see cref="HasFinalValue"/>, <see cref="Deferred{T}.Result"/>), without reading the step
    /// queue or the result slot of an object that was just allocated. Cleared by the first step
    /// added (<see cref="AddStep"/>, which may run it at once, and <see cref="AppendStepRaw"/>).
    /// Nothing else can make such a Deferred fail: it cannot be fired again, and only a step or a
    /// Deferred taking its result (which leaves it an empty value) changes its result.
    /// </summary>
    private protected const int BornSucceededFlag = 1024;

    // Layout (a plain Deferred or Deferred<int> is 64 bytes, Task<int> is 72): the flags, the step
    // queue's head and tail, the steps, one slot for the canceller (before firing) or the Deferred
    // waited on (after), the rare state, and the current result.
    private protected int _flags;
    private int _stepHead;
    private int _stepTail;

    /// <summary>
    /// The queued steps: null; a single observer (<see cref="Action"/>, a <see cref="StepKind.Notify"/>
    /// step, the usual lone step: no array); or a <see cref="Step"/> array.
    /// </summary>
    private object? _steps;

    /// <summary>
    /// Before the Deferred fires: its canceller (or internal cancel handler), if any. After: while
    /// <see cref="WaitingFlag"/> is set, the Deferred it waits on. Firing drops the canceller, so the
    /// two never need the slot at once.
    /// </summary>
    private object? _link;

    /// <summary>State most Deferreds never need, kept apart so a Deferred stays small.</summary>
    private RareState? _rare;

    /// <summary>
    /// The current result. Untyped: the value, or the <see cref="Failure"/> when the chain is on its
    /// failure path (a value is never a Failure: one given to Callback fires the failure path).
    /// Typed handles keep their value in their own field: here only the failure, or null.
    /// </summary>
    private protected object? _result;

    /// <summary>Creates an unfired Deferred with no canceller.</summary>
    public Deferred()
    {
        if (s_debug)
        {
            Rare.DebugInfo = new DebugInfo();
        }
    }

    /// <summary>Creates an unfired Deferred that calls <paramref name="canceller"/> when it is cancelled.</summary>
    /// <param name="canceller">
    /// Called with this Deferred by <see cref="Cancel"/> while it has not fired. It may fire the
    /// Deferred (with any result or failure); if it does not, the Deferred fails with
    /// <see cref="CancelledException"/> right after it returns.
    /// </param>
    public Deferred(Action<Deferred>? canceller)
        : this()
    {
        _link = canceller;
    }

    /// <summary>
    /// Creates a Deferred that has already fired with <paramref name="result"/> (a value for an
    /// untyped Deferred, a <see cref="Failure"/> for any), with no steps: no run machinery and no
    /// interlocked operation, since nothing can see the Deferred before the constructor returns
    /// (the result and the fired flag are both stored before the object escapes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected Deferred(object? result, int flags, FiredTag tag)
    {
        _ = tag;
        _flags = CalledFlag | flags;
        if (result is not null)
        {
            _result = result;
        }

        if (s_debug || result is Failure)
        {
            InitFiredRare(result);
        }
    }

    /// <summary>
    /// The rare part of the fired constructor: debug information, and the unhandled-failure
    /// tracking a result that is a failure needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InitFiredRare(object? result)
    {
        if (s_debug)
        {
            var debugInfo = new DebugInfo();
            debugInfo.RecordInvoker();
            Rare.DebugInfo = debugInfo;
        }

        if (result is Failure failure)
        {
            // What FinishRun does for a chain that ends in a failure nobody handled (yet).
            Rare.Unhandled = new UnhandledFailureTracker(failure, TypedResultType);
        }
    }

    /// <summary>Selects the <see cref="Deferred{T}"/> constructor that takes an untyped canceller as it is (no adapter).</summary>
    private protected enum CancellerForm
    {
        /// <summary>The only value.</summary>
        Untyped,
    }

    /// <summary>Selects the constructor that creates an already fired Deferred.</summary>
    private protected enum FiredTag
    {
        /// <summary>The only value.</summary>
        Fired,
    }

    /// <summary>True once <see cref="Callback(object)"/> or <see cref="Errback(Failure)"/> has been called (Twisted's <c>called</c>).</summary>
    public bool Called => (_flags & CalledFlag) != 0;

    /// <summary>True while <see cref="Pause"/> has been called more times than <see cref="Unpause"/>.</summary>
    public bool Paused => (_flags & PausedFlag) != 0;

    /// <summary>
    /// True when the Deferred has fired and its current result is available now: it is neither
    /// paused nor waiting on a Deferred returned by one of its callbacks.
    /// </summary>
    public bool HasResult => (Volatile.Read(ref _flags) & (CalledFlag | PausedFlag | WaitingFlag)) == CalledFlag;

    /// <summary>True when <see cref="HasResult"/> is true and the current result is a <see cref="Failure"/>.</summary>
    public bool IsFailed => HasResult && _result is Failure;

    /// <summary>
    /// The current result: the value, or the <see cref="Failure"/> when the chain is failing
    /// (Twisted's <c>result</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The Deferred has no result yet (<see cref="HasResult"/> is false).</exception>
    public object? Result
    {
        get
        {
            if ((Volatile.Read(ref _flags) & (CalledFlag | PausedFlag | WaitingFlag | TypedFlag)) == CalledFlag)
            {
                // An untyped Deferred with a result keeps the value or the failure in one slot.
                return _result;
            }

            EnsureHasResult();
            return CurrentResultBoxed;
        }
    }

    /// <summary>The failure the chain currently carries, or null (fired or not).</summary>
    internal Failure? CurrentFailure => _result as Failure;

    /// <summary>The current result boxed: the value, or the <see cref="Failure"/>.</summary>
    internal object? CurrentResultBoxed => _result as Failure ?? GetValueBoxed();

    /// <summary>The Deferred this one waits on because a callback returned it, if any.</summary>
    internal Deferred? ChainedTo => (_flags & WaitingFlag) != 0 ? Unsafe.As<Deferred>(_link) : null;

    /// <summary>The typed handle's T; null for the untyped form.</summary>
    private protected virtual Type? TypedResultType => null;

    /// <summary>
    /// Fires the Deferred with <paramref name="result"/> and runs its chain (Twisted's <c>callback</c>).
    /// A <see cref="Failure"/> passed here fires the failure path, exactly like
    /// <see cref="Errback(Failure)"/>.
    /// </summary>
    /// <param name="result">The result. Must not be a Deferred: to wait on one, return it from a callback.</param>
    /// <exception cref="AlreadyCalledException">The Deferred has already fired.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is a Deferred, or does not fit a typed Deferred's result type.</exception>
    /// <exception cref="InvalidOperationException">This handle continues another Deferred's chain and cannot be fired directly.</exception>
    public void Callback(object? result)
    {
        if (result is Failure failure)
        {
            Errback(failure);
            return;
        }

        if (result is Deferred)
        {
            throw new ArgumentException(
                "A Deferred cannot be fired with another Deferred as its result; return the other Deferred from a callback to wait on it.",
                nameof(result));
        }

        EnsureFireable();

        // Checked before anything changes: a rejected result leaves the Deferred untouched.
        EnsureResultFits(result);
        if (!BeginFireUnpublished())
        {
            return;
        }

        SetValueBoxed(result);
        PublishFired();
        RunCallbacks();
    }

    /// <summary>Fires the Deferred's failure path with <paramref name="failure"/> (Twisted's <c>errback</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    /// <exception cref="AlreadyCalledException">The Deferred has already fired.</exception>
    /// <exception cref="InvalidOperationException">This handle continues another Deferred's chain and cannot be fired directly.</exception>
    public void Errback(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        EnsureFireable();
        if (!BeginFireUnpublished())
        {
            return;
        }

        SetFailure(failure);
        PublishFired();
        RunCallbacks();
    }

    /// <summary>
    /// Fires the Deferred's failure path with <paramref name="exception"/>, wrapped in a
    /// <see cref="Failure"/> that keeps its stack trace.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="AlreadyCalledException">The Deferred has already fired.</exception>
    /// <exception cref="InvalidOperationException">This handle continues another Deferred's chain and cannot be fired directly.</exception>
    public void Errback(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Errback(new Failure(exception));
    }

    /// <summary>
    /// Stops the chain from running until <see cref="Unpause"/> is called as many times. Results and
    /// callbacks that arrive meanwhile wait. A paused Deferred holds up only the Deferreds waiting on it.
    /// </summary>
    public void Pause()
    {
        Rare.PauseCount++;
        _flags |= PausedFlag;
    }

    /// <summary>Undoes one <see cref="Pause"/>; on the last one, runs the callbacks that waited.</summary>
    /// <exception cref="InvalidOperationException">The Deferred is not paused.</exception>
    public void Unpause()
    {
        if ((_flags & PausedFlag) == 0)
        {
            throw new InvalidOperationException("Unpause was called on a Deferred that is not paused.");
        }

        if (--_rare!.PauseCount == 0)
        {
            _flags &= ~PausedFlag;
            if (Called)
            {
                RunCallbacks();
            }
        }
    }

    /// <summary>
    /// Cancels the operation this Deferred stands for (Twisted's <c>cancel</c>). Exactly one of:
    /// <list type="bullet">
    /// <item>Not fired, with a canceller: calls it; if it did not fire the Deferred, the Deferred
    /// fails with <see cref="CancelledException"/>. A later Callback/Errback then throws
    /// <see cref="AlreadyCalledException"/>.</item>
    /// <item>Not fired, without a canceller: fails with <see cref="CancelledException"/> and silently
    /// swallows exactly one later Callback or Errback (the operation's late result); any call after
    /// that throws <see cref="AlreadyCalledException"/>.</item>
    /// <item>Fired and waiting on a Deferred a callback returned: cancels that Deferred instead.</item>
    /// </list>
    /// A handle returned by a type-changing callback cancels the Deferred its chain started from,
    /// and receives the outcome through the chain like any other result.
    /// Otherwise (fired, not waiting) it does nothing; so does every cancel after the first. Firing
    /// drops the canceller, so it runs at most once — unless it throws, which leaves the Deferred
    /// unfired and its canceller in place.
    /// </summary>
    /// <remarks>
    /// <para>An exception thrown by the canceller propagates to the caller.</para>
    /// <para>
    /// Cancellation that is handed on (to the Deferred a callback returned, to the Deferred a
    /// type-changed chain started from, to what a generated <c>[InlineCallbacks]</c> or
    /// <c>async Deferred</c> method is waiting on, to the members of a <see cref="DeferredList"/>)
    /// runs in a loop, never by recursion: cancelling nests of any depth needs constant stack.
    /// </para>
    /// </remarks>
    public void Cancel()
    {
        CancelWork? outer = t_cancelWork;
        CancelWork work = t_spareCancelWork ?? new CancelWork();
        t_spareCancelWork = null;
        t_cancelWork = work;
        try
        {
            Deferred current = this;
            string? reportAs = null;
            while (true)
            {
                work.ReportAs = reportAs;
                if (reportAs is null)
                {
                    current.CancelOne(work);
                }
                else
                {
                    try
                    {
                        current.CancelOne(work);
                    }
                    catch (Exception exception)
                    {
                        // A member of a DeferredList (or something it handed on to): reported,
                        // and the other members are still cancelled.
                        UnhandledFailures.Report(new Failure(exception), reportAs, UnhandledFailureCapture.Current);
                    }
                }

                if (!work.TryPop(out current!, out reportAs))
                {
                    break;
                }
            }
        }
        finally
        {
            t_cancelWork = outer;
            work.Clear();
            t_spareCancelWork = work;
        }
    }

    /// <summary>
    /// One step of <see cref="Cancel"/>: cancels this Deferred, or queues on <paramref name="work"/>
    /// the Deferred(s) the cancellation is handed on to.
    /// </summary>
    private void CancelOne(CancelWork work)
    {
        if (!Called)
        {
            if ((_flags & CancelHandlerFlag) != 0)
            {
                // Internal handlers hand the cancellation on with ForwardCancel, as their last action.
                work.AcceptsForwards = true;
                try
                {
                    Unsafe.As<Action<Deferred>>(_link)!(this);
                }
                finally
                {
                    work.AcceptsForwards = false;
                }

                return;
            }

            if (_rare?.Source is { } source)
            {
                // A derived handle cancels the chain it continues, and nothing else: whatever that
                // does (a CancelledException, a canceller's own result, an async method that
                // catches the cancellation and goes on) arrives here through the chain, when the
                // chain gets here — after an Unpause if the source is paused. Failing this handle
                // by itself would skip the type-changing step and drop the chain's real result.
                work.Push(source, work.ReportAs);
                return;
            }

            if (_link is Action<Deferred> canceller)
            {
                // Kept until the Deferred fires: if the canceller throws, the Deferred stays unfired
                // and a later Cancel calls it again (Twisted's behaviour).
                canceller(this);
            }
            else
            {
                _flags |= SuppressAlreadyCalledFlag;
            }

            if (!Called)
            {
                FireInternal(new Failure(new CancelledException()));
            }
        }
        else if (ChainedTo is { } inner)
        {
            work.Push(inner, work.ReportAs);
        }
    }

    /// <summary>
    /// Cancels <paramref name="target"/> as the last action of an internal cancel handler (see
    /// <see cref="SetCancelHandler"/>): queued for the running <see cref="Cancel"/> loop, so nested
    /// hand-offs need no stack; cancelled at once when no loop is taking hand-offs.
    /// </summary>
    internal static void ForwardCancel(Deferred? target)
    {
        if (target is null)
        {
            return;
        }

        if (t_cancelWork is { AcceptsForwards: true } work)
        {
            work.Push(target, work.ReportAs);
        }
        else
        {
            target.Cancel();
        }
    }

    /// <summary>
    /// Cancels every Deferred in <paramref name="members"/>, in order, as the last action of an
    /// internal cancel handler; an exception from one is reported as <paramref name="reportAs"/>
    /// and the others are still cancelled. Returns false when no <see cref="Cancel"/> loop is taking
    /// hand-offs (the caller then cancels them itself).
    /// </summary>
    internal static bool TryForwardCancelAll(Deferred[] members, string reportAs)
    {
        if (t_cancelWork is not { AcceptsForwards: true } work)
        {
            return false;
        }

        // Pushed last-first, so they are popped (and their own hand-offs run) in order.
        for (int i = members.Length - 1; i >= 0; i--)
        {
            work.Push(members[i], reportAs);
        }

        return true;
    }

    /// <summary>The <see cref="Cancel"/> loop running on this thread, if any.</summary>
    [ThreadStatic]
    private static CancelWork? t_cancelWork;

    /// <summary>A finished loop's work list, kept for the next <see cref="Cancel"/> on this thread.</summary>
    [ThreadStatic]
    private static CancelWork? t_spareCancelWork;

    /// <summary>The Deferreds a <see cref="Cancel"/> call still has to cancel, last-in first-out.</summary>
    private sealed class CancelWork
    {
        private (Deferred Target, string? ReportAs)[] _pending = new (Deferred, string?)[4];
        private int _count;

        /// <summary>While an internal cancel handler runs: its hand-offs are queued, not run.</summary>
        public bool AcceptsForwards;

        /// <summary>How an exception from the item being cancelled is reported; null: it propagates.</summary>
        public string? ReportAs;

        public void Push(Deferred target, string? reportAs)
        {
            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, _count * 2);
            }

            _pending[_count++] = (target, reportAs);
        }

        public bool TryPop(out Deferred? target, out string? reportAs)
        {
            if (_count == 0)
            {
                target = null;
                reportAs = null;
                return false;
            }

            (target, reportAs) = _pending[--_count];
            _pending[_count] = default;
            return true;
        }

        public void Clear()
        {
            Array.Clear(_pending, 0, _count);
            _count = 0;
            AcceptsForwards = false;
            ReportAs = null;
            if (_pending.Length > 1024)
            {
                _pending = new (Deferred, string?)[4];
            }
        }
    }

    /// <summary>
    /// Describes the Deferred the way Twisted does: <c>&lt;Deferred at 0x…&gt;</c>, then
    /// <c> current result: …</c> once it has one, or <c> waiting on Deferred at 0x…</c>.
    /// </summary>
    public override string ToString()
    {
        string name = DescribeHandle();
        string head = "<" + name + " at 0x" + RuntimeHelpers.GetHashCode(this).ToString("x");
        if (ChainedTo is { } inner)
        {
            return head + " waiting on Deferred at 0x" + RuntimeHelpers.GetHashCode(inner).ToString("x") + ">";
        }

        if (Called)
        {
            object? current = CurrentResultBoxed;
            return head + " current result: " + (current is null ? "null" : current.ToString()) + ">";
        }

        return head + ">";
    }

    /// <summary>Throws when this handle continues another Deferred's chain.</summary>
    private void EnsureFireable()
    {
        if ((_flags & DerivedFlag) != 0)
        {
            throw new InvalidOperationException(
                "This " + DescribeHandle() + " continues the chain of another Deferred (it was returned by a callback that changed the result type); fire the Deferred the chain started from.");
        }
    }

    /// <summary>Marks the Deferred fired; false when the call must be swallowed (see <see cref="Cancel"/>).</summary>
    private protected bool BeginFire()
    {
        if (!BeginFireUnpublished())
        {
            return false;
        }

        _flags |= CalledFlag;
        return true;
    }

    /// <summary>
    /// <see cref="BeginFire"/> without setting <see cref="CalledFlag"/>: the caller stores the result
    /// and then calls <see cref="PublishFired"/>, so a thread that sees the Deferred fired (an
    /// <c>await</c> on another thread) also sees its result.
    /// </summary>
    private protected bool BeginFireUnpublished()
    {
        if ((_flags & CalledFlag) != 0)
        {
            if ((_flags & SuppressAlreadyCalledFlag) != 0)
            {
                _flags &= ~SuppressAlreadyCalledFlag;
                return false;
            }

            throw new AlreadyCalledException(AlreadyCalledMessage());
        }

        _link = null; // the canceller: it runs at most once
        _rare?.DebugInfo?.RecordInvoker();
        return true;
    }

    /// <summary>
    /// Sets <see cref="CalledFlag"/> after the result was stored, with a full fence: the result is
    /// visible to any thread that sees the flag, and an awaiter registering on another thread
    /// either is seen by the runner or sees the flag (see <see cref="AddAwaiterContinuation"/>).
    /// </summary>
    private protected void PublishFired() => Interlocked.Or(ref _flags, CalledFlag);

    /// <summary>Fires with a result or failure from inside the framework (bypasses the derived-handle check).</summary>
    private protected void FireInternal(Failure failure)
    {
        if (!BeginFireUnpublished())
        {
            return;
        }

        SetFailure(failure);
        PublishFired();
        RunCallbacks();
    }

    /// <summary>Fires with a value from inside the framework (bypasses the derived-handle check; a Failure value fails it).</summary>
    private protected void FireValueBoxedInternal(object? value)
    {
        if (!BeginFireUnpublished())
        {
            return;
        }

        SetValueBoxed(value);
        PublishFired();
        RunCallbacks();
    }

    private string AlreadyCalledMessage()
    {
        string message = "This " + DescribeHandle() + " has already been fired; a Deferred fires once (Callback or Errback).";
        return _rare?.DebugInfo is not { } debugInfo ? message : message + Environment.NewLine + debugInfo.Describe();
    }

    private protected string DescribeHandle() => DescribeHandle(TypedResultType);

    /// <summary>"Deferred", or "Deferred&lt;T&gt;" for a typed handle (<paramref name="resultType"/> is its T).</summary>
    internal static string DescribeHandle(Type? resultType) => resultType is null ? "Deferred" : "Deferred<" + resultType.Name + ">";

    private protected void EnsureHasResult()
    {
        if (!HasResult)
        {
            string why = !Called ? "it has not fired yet"
                : (_flags & WaitingFlag) != 0 ? "it is waiting on a Deferred returned by one of its callbacks"
                : "it is paused";
            throw new InvalidOperationException("The " + DescribeHandle() + " has no result: " + why + ".");
        }
    }

    /// <summary>Throws when the chain has moved on to another handle.</summary>
    private protected void EnsureNotRetired()
    {
        if ((_flags & RetiredFlag) != 0)
        {
            string next = _rare?.RetiredInto is { } retiredInto ? retiredInto.DescribeHandle() : "another handle";
            throw new InvalidOperationException(
                "This " + DescribeHandle() + " was continued as " + next + " by a callback that changed the result type; add further callbacks to the Deferred that AddCallback returned.");
        }
    }

    /// <summary>Marks this handle as continued under <paramref name="next"/> (see <see cref="EnsureNotRetired"/>).</summary>
    private protected void RetireInto(Deferred next)
    {
        _flags |= RetiredFlag;
        Rare.RetiredInto = next;
        next._flags |= DerivedFlag;
        next.Rare.Source = this;
    }

    /// <summary>Sets the current result to a failure.</summary>
    internal void SetFailure(Failure failure)
    {
        ClearValue();
        _result = failure;
        _flags &= ~FailureObservedFlag;
    }

    /// <summary>
    /// Stores a boxed value as the current (successful) result. On an untyped Deferred a
    /// <see cref="Failure"/> object is the failure path (one result slot holds either).
    /// </summary>
    private protected virtual void SetValueBoxed(object? value)
    {
        if (value is Failure failure)
        {
            SetFailure(failure);
            return;
        }

        _result = value;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a typed handle cannot hold <paramref name="value"/>.</summary>
    private protected virtual void EnsureResultFits(object? value)
    {
    }

    /// <summary>Reads the current value boxed (meaningless while failing).</summary>
    private protected virtual object? GetValueBoxed() => _result;

    /// <summary>Forgets the current value kept outside <see cref="_result"/> (a typed handle's own field).</summary>
    private protected virtual void ClearValue()
    {
    }

    /// <summary>The rarely needed state, created on first use.</summary>
    private RareState Rare => _rare ??= new RareState();

    /// <summary>Fields only some Deferreds need: derived handles, retired handles, debug mode, failing chains.</summary>
    private sealed class RareState
    {
        /// <summary>How many more times <see cref="Pause"/> was called than <see cref="Unpause"/>.</summary>
        public int PauseCount;

        /// <summary>For a derived handle: the handle whose chain it continues (cancel goes there).</summary>
        public Deferred? Source;

        /// <summary>For a retired handle: the handle the chain continued as (named in errors).</summary>
        public Deferred? RetiredInto;

        /// <summary>Watches a chain that ended in an unhandled failure.</summary>
        public UnhandledFailureTracker? Unhandled;

        /// <summary>Creator and first invoker, in debug mode.</summary>
        public DebugInfo? DebugInfo;
    }
}
