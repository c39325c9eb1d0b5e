using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Torsion;

/// <summary>
/// A call scheduled on a reactor with <see cref="IReactorTime.CallLater"/> (Twisted's
/// <c>base.DelayedCall</c>), with Twisted's exact <see cref="Cancel"/>, <see cref="Reset"/>,
/// <see cref="Delay"/> and <see cref="Active"/> semantics.
/// </summary>
/// <remarks>
/// Calls due at the same time run in the order they were scheduled; a reset or delayed call counts
/// as scheduled at the moment of its last <see cref="Reset"/> or <see cref="Delay"/>.
/// Like the reactor, a delayed call must be used on the reactor thread.
/// It cannot be derived from outside Torsion (its constructors are internal).
/// </remarks>
public class DelayedCall : IDelayedCall
{
    // Debug-only data lives out of line, so that a delayed call carries no field for it.
    private static readonly ConditionalWeakTable<DelayedCall, string> s_creationTraces = new();
    private static volatile bool s_anyTraced;

    private readonly Torsion.Reactors.Timers.TimerQueue _owner;

    // An Action, or the Action<TState> of a state-passing call (see StateDelayedCall<TState>).
    private Delegate? _func;

    // The scheduled time ("time" in Twisted) and the lazily applied extra delay ("delayed_time").
    internal double ScheduledTime;
    internal double DelayedTime;
    internal long Sequence;
    internal int HeapIndex = -1;

    internal DelayedCall(Torsion.Reactors.Timers.TimerQueue owner, double time, Delegate func, long sequence)
    {
        _owner = owner;
        ScheduledTime = time;
        _func = func;
        Sequence = sequence;
        if (Debug)
        {
            s_creationTraces.AddOrUpdate(this, Environment.StackTrace);
            s_anyTraced = true;
        }
    }

    /// <summary>
    /// When true, every new delayed call records the stack that created it; <see cref="ToString"/>
    /// shows it and the reactor logs it with any exception the call throws. Off by default (costly).
    /// </summary>
    public static bool Debug { get; set; }

    /// <summary>The time at which the call will run, on the reactor's <see cref="IReactorTime.Seconds"/> scale
    /// (Twisted's <c>getTime()</c>: the scheduled time plus any pending delay).</summary>
    public double Time => ScheduledTime + DelayedTime;

    /// <summary>True once the call has started running (set before the callable runs).</summary>
    public bool Called { get; internal set; }

    /// <summary>True once the call was cancelled.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>True while the call has neither been called nor cancelled.</summary>
    public bool Active => !(Cancelled || Called);

    /// <summary>The stack that created this call when <see cref="Debug"/> was on, otherwise null.</summary>
    public string? CreationTrace => s_anyTraced && s_creationTraces.TryGetValue(this, out string? trace) ? trace : null;

    /// <summary>The callable, for naming it in logs and slow-callback reports.</summary>
    internal Delegate Func => _func!;

    /// <summary>Runs the callable (the reactor has already set <see cref="Called"/>).</summary>
    internal virtual void Invoke() => Unsafe.As<Action>(_func!)();

    /// <summary>Drops whatever the call holds besides its callable (a cancelled call keeps nothing alive).</summary>
    private protected virtual void ClearState()
    {
    }

    /// <summary>Unschedules the call.</summary>
    /// <exception cref="AlreadyCancelledException">The call was already cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public void Cancel()
    {
        _owner.CheckThread();
        if (Cancelled)
        {
            throw new AlreadyCancelledException("The delayed call was already cancelled.");
        }

        if (Called)
        {
            throw new AlreadyCalledException("The delayed call has already run.");
        }

        Cancelled = true;
        _func = null;
        ClearState();
        _owner.OnCancelled(this);
    }

    /// <summary>Reschedules the call to run <paramref name="delay"/> from now. A sooner time takes effect at
    /// once; a later one is applied lazily when the old time comes.</summary>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public void Reset(TimeSpan delay)
    {
        _owner.CheckThread();
        ThrowIfInactive();
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delayed call cannot be reset to a negative delay.");
        }

        double newTime = _owner.ReadClock() + delay.TotalSeconds;
        Sequence = _owner.NextSequence();
        if (newTime < ScheduledTime)
        {
            DelayedTime = 0.0;
            ScheduledTime = newTime;
            _owner.MoveSooner(this);
        }
        else
        {
            DelayedTime = newTime - ScheduledTime;
            if (DelayedTime == 0.0)
            {
                _owner.Resequenced(this);
            }
        }
    }

    /// <summary>Moves the call <paramref name="delay"/> later than it is now due (earlier if negative).</summary>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public void Delay(TimeSpan delay)
    {
        _owner.CheckThread();
        ThrowIfInactive();
        Sequence = _owner.NextSequence();
        DelayedTime += delay.TotalSeconds;
        if (DelayedTime < 0.0)
        {
            ActivateDelay();
            _owner.MoveSooner(this);
        }
        else if (DelayedTime == 0.0)
        {
            _owner.Resequenced(this);
        }
    }

    internal void ActivateDelay()
    {
        ScheduledTime += DelayedTime;
        DelayedTime = 0.0;
    }

    private void ThrowIfInactive()
    {
        if (Cancelled)
        {
            throw new AlreadyCancelledException("The delayed call was cancelled.");
        }

        if (Called)
        {
            throw new AlreadyCalledException("The delayed call has already run.");
        }
    }

    /// <summary>
    /// Describes the call the way Twisted does:
    /// <c>&lt;DelayedCall 0x2a [4.99s] called=0 cancelled=0 Type.Method()&gt;</c>, where the bracket is
    /// the scheduled time minus now, and the hexadecimal number identifies this object. As in Twisted,
    /// a cancelled call no longer holds (or names) its callable.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("<DelayedCall 0x")
            .Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this).ToString("x", CultureInfo.InvariantCulture))
            .Append(" [")
            .Append((ScheduledTime - _owner.Seconds()).ToString("R", CultureInfo.InvariantCulture))
            .Append("s] called=").Append(Called ? 1 : 0)
            .Append(" cancelled=").Append(Cancelled ? 1 : 0);
        if (_func is not null)
        {
            text.Append(' ').Append(Torsion.Reactors.CallbackNames.Describe(_func)).Append("()");
        }

        if (CreationTrace is { } trace)
        {
            text.Append("\n\ntraceback at creation: \n\n").Append(trace);
        }

        return text.Append('>').ToString();
    }
}
