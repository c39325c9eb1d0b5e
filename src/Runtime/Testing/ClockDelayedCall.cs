using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Torsion.Testing;

/// <summary>
/// A call scheduled on a <see cref="Clock"/> with <see cref="Clock.CallLater"/>: the handle that
/// cancels, resets or delays it (Twisted's <c>base.DelayedCall</c> as used by <c>task.Clock</c>).
/// </summary>
/// <remarks>
/// <para>
/// A call is in exactly one of three states: pending (<see cref="Active"/>), called (it has run or
/// is running: <see cref="Called"/> is set just before the callable starts, so the callable itself
/// sees its own handle as called), or cancelled (<see cref="Cancelled"/>). Only a pending call can be
/// cancelled, reset or delayed.
/// </para>
/// <para>
/// Like Twisted, the call keeps its originally scheduled time and a separate "delayed by" amount:
/// <see cref="Time"/> is their sum. Moving a call later only records the extra delay; the clock
/// re-sorts its calls before it next runs anything or schedules a new call, which keeps the order
/// of calls due at the same instant identical to Twisted's <c>Clock</c>.
/// </para>
/// <para>Instances are created only by <see cref="Clock.CallLater"/>.</para>
/// </remarks>
public sealed class ClockDelayedCall : IDelayedCall
{
    private readonly Clock _clock;
    private Action? _callable;
    private long _timeTicks;
    private long _delayedTicks;

    internal ClockDelayedCall(Clock clock, long dueTicks, Action callable)
    {
        _clock = clock;
        _timeTicks = dueTicks;
        _callable = callable;
    }

    /// <summary>
    /// The time, in seconds on the owning <see cref="Clock"/>'s scale, at which the call is due
    /// (Twisted's <c>getTime()</c>): the scheduled time plus any delay added by
    /// <see cref="Reset"/> or <see cref="Delay"/>.
    /// </summary>
    public double Time => Clock.TicksToSeconds(DueTicks);

    /// <summary>
    /// True while the call has neither run (nor started running) nor been cancelled
    /// (Twisted's <c>active()</c>).
    /// </summary>
    public bool Active => !Called && !Cancelled;

    /// <summary>
    /// True once the clock has started running the call (set before the callable is invoked, and
    /// stays set even if the callable throws).
    /// </summary>
    public bool Called { get; private set; }

    /// <summary>True once <see cref="Cancel"/> has succeeded.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>The due time in clock ticks (100 ns units since the clock's zero).</summary>
    internal long DueTicks => _timeTicks + _delayedTicks;

    /// <summary>
    /// Prevents the call from running and removes it from the clock's pending calls. The callable
    /// is released so that it (and whatever it captured) can be collected.
    /// </summary>
    /// <exception cref="AlreadyCancelledException">The call was already cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    public void Cancel()
    {
        ThrowIfNotPending();
        _clock.Remove(this);
        Cancelled = true;
        _callable = null;
    }

    /// <summary>
    /// Reschedules the call to be due <paramref name="delay"/> from the clock's current time
    /// (Twisted's <c>reset(secondsFromNow)</c>). The new time may be sooner or later than the old one.
    /// </summary>
    /// <param name="delay">How long from now the call becomes due; zero means "now".</param>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public void Reset(TimeSpan delay)
    {
        ThrowIfNotPending();
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delayed call cannot be reset to a time in the past: the delay must be zero or positive.");
        }

        long newTicks = checked(_clock.NowTicks + delay.Ticks);
        if (newTicks < _timeTicks)
        {
            _delayedTicks = 0;
            _timeTicks = newTicks;
        }
        else
        {
            _delayedTicks = newTicks - _timeTicks;
        }

        _clock.MarkUnsorted();
    }

    /// <summary>
    /// Moves the call <paramref name="delay"/> later than it is now due (Twisted's
    /// <c>delay(secondsLater)</c>). As in Twisted, a negative amount is accepted and moves the call
    /// earlier; the clock runs a call whose due time is already past on its next
    /// <see cref="Clock.Advance(TimeSpan)"/>.
    /// </summary>
    /// <param name="delay">How much later (or, if negative, earlier) the call becomes due.</param>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    public void Delay(TimeSpan delay)
    {
        ThrowIfNotPending();
        _delayedTicks = checked(_delayedTicks + delay.Ticks);
        if (_delayedTicks < 0)
        {
            _timeTicks += _delayedTicks;
            _delayedTicks = 0;
        }

        _clock.MarkUnsorted();
    }

    /// <summary>
    /// Describes the call the way Twisted's <c>DelayedCall.__repr__</c> does:
    /// <c>&lt;DelayedCall 0x2a [1.5s] called=0 cancelled=0 Type.Method()&gt;</c>, where the bracketed
    /// number is the originally scheduled time minus the clock's current time (not counting delays
    /// added later), and the callable's name is left out once the call was cancelled.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("<DelayedCall 0x")
            .Append(RuntimeHelpers.GetHashCode(this).ToString("x", CultureInfo.InvariantCulture))
            .Append(" [")
            .Append(FormatSeconds(Clock.TicksToSeconds(_timeTicks - _clock.NowTicks)))
            .Append("s] called=")
            .Append(Called ? '1' : '0')
            .Append(" cancelled=")
            .Append(Cancelled ? '1' : '0');
        Action? callable = _callable;
        if (callable is not null)
        {
            text.Append(' ').Append(DescribeCallable(callable)).Append("()");
        }

        return text.Append('>').ToString();
    }

    /// <summary>
    /// Marks the call as called and returns its callable; the clock calls this when the call is due.
    /// The callable is kept (as Twisted keeps it) so that <see cref="ToString"/> still names it.
    /// </summary>
    internal Action BeginRun()
    {
        Called = true;
        return _callable!;
    }

    private void ThrowIfNotPending()
    {
        if (Cancelled)
        {
            throw new AlreadyCancelledException("The delayed call was already cancelled.");
        }

        if (Called)
        {
            throw new AlreadyCalledException("The delayed call has already run or is running.");
        }
    }

    private static string DescribeCallable(Action callable)
    {
        var method = callable.Method;
        string? owner = method.DeclaringType?.Name;
        return owner is null ? method.Name : owner + "." + method.Name;
    }

    /// <summary>Formats seconds the way Python's <c>str(float)</c> does for ordinary values ("1.5", "0.0", "-2.0").</summary>
    private static string FormatSeconds(double seconds)
    {
        string text = seconds.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            return text.Replace("E", "e", StringComparison.Ordinal);
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}
