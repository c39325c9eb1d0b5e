using System;
using System.Collections.Generic;

namespace Torsion.Testing;

/// <summary>
/// A deterministic <see cref="IReactorTime"/> for tests (Twisted's <c>task.Clock</c>): time stands
/// still until the test moves it with <see cref="Advance(TimeSpan)"/> or <see cref="Pump(IEnumerable{TimeSpan})"/>,
/// and scheduled calls run only then, synchronously, on the caller's thread.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Seconds"/> starts at 0. Time is kept internally as a whole number of 100 ns ticks
/// (the resolution of <see cref="TimeSpan"/>), so advancing ten times by 100 ms reaches exactly one
/// second; amounts given as <see cref="double"/> seconds are rounded to the nearest tick.
/// </para>
/// <para>
/// Pending calls are kept sorted by due time with a stable sort, so calls due at the same instant run
/// in the order they were scheduled (FIFO). As in Twisted, a call moved by
/// <see cref="IDelayedCall.Reset"/> or <see cref="IDelayedCall.Delay"/> takes its new place when the
/// clock next sorts: before running anything, after each call it runs, and when a call is scheduled.
/// </para>
/// <para>
/// Differences from Twisted's <c>Clock</c>, on purpose: a negative delay passed to
/// <see cref="CallLater"/> or <see cref="ClockDelayedCall.Reset"/> and a negative or non-finite
/// amount passed to <see cref="Advance(double)"/> throw <see cref="ArgumentOutOfRangeException"/>
/// (Twisted's <c>Clock</c> does not check; its reactors assert on negative delays).
/// </para>
/// <para>
/// An exception thrown by a scheduled call is NOT caught: exactly as in Twisted, it propagates out
/// of <see cref="Advance(TimeSpan)"/> to the test, which is where a test wants to see it. The failing
/// call counts as called; calls that were due after it stay pending and run on the next
/// <c>Advance</c> (an <c>Advance(TimeSpan.Zero)</c> runs them without moving time).
/// </para>
/// <para>
/// A <see cref="Clock"/> is also a <see cref="System.TimeProvider"/> (as <c>FakeTimeProvider</c> is): pass it to
/// <c>Task.Delay(delay, clock)</c>, <c>new CancellationTokenSource(delay, clock)</c>, <c>new PeriodicTimer(period, clock)</c>
/// or any code that takes a <see cref="System.TimeProvider"/>, and <see cref="Advance(TimeSpan)"/> fires their timers.
/// <see cref="GetTimestamp"/> counts 100 ns ticks from the clock's zero and <see cref="GetUtcNow"/> starts at
/// <see cref="DefaultUtcStart"/> (or the time given to the constructor).
/// </para>
/// <para>
/// A <see cref="Clock"/> is not thread-safe: use it from one thread at a time (that includes disposing or
/// changing the timers it made, for example by cancelling a token given to <c>Task.Delay</c>). It may be re-entered
/// from a call it is running (for example a call that advances the clock itself).
/// </para>
/// </remarks>
public sealed partial class Clock : TimeProvider, IReactorTime
{
    private readonly List<ClockDelayedCall> _calls = new();

    /// <summary>
    /// True when a pending call's due time changed (<c>Reset</c>/<c>Delay</c>) since the last sort, so the
    /// list may be out of order. While false the list is sorted, and the sorts Twisted's <c>Clock</c> does
    /// (which change nothing on a sorted list) can be skipped, or done as one binary insertion.
    /// </summary>
    private bool _unsorted;

    /// <summary>Creates a clock at time 0 with no pending calls.</summary>
    public Clock()
    {
    }

    /// <summary>The current time in ticks (100 ns units) since the clock's zero.</summary>
    internal long NowTicks { get; private set; }

    /// <summary>
    /// The current fake time in seconds: 0 for a new clock, then the sum of every amount passed to
    /// <see cref="Advance(TimeSpan)"/> (Twisted's <c>seconds()</c>).
    /// </summary>
    /// <returns>The current time in seconds.</returns>
    public double Seconds() => TicksToSeconds(NowTicks);

    /// <summary>
    /// Schedules <paramref name="callable"/> to run when the clock has been advanced by at least
    /// <paramref name="delay"/> from now. Nothing runs until <see cref="Advance(TimeSpan)"/> is called;
    /// a zero delay runs on the next <c>Advance</c>, even <c>Advance(TimeSpan.Zero)</c>, or during
    /// the current one if it is called from a call the clock is running.
    /// </summary>
    /// <param name="delay">How long from now the call becomes due; zero or positive.</param>
    /// <param name="callable">What to run. An exception it throws propagates out of <c>Advance</c>.</param>
    /// <returns>The <see cref="ClockDelayedCall"/> handle that can cancel, reset or delay the call.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callable"/> is null.</exception>
    /// <exception cref="OverflowException">The due time is beyond what a <see cref="TimeSpan"/> can hold.</exception>
    public IDelayedCall CallLater(TimeSpan delay, Action callable)
    {
        ArgumentNullException.ThrowIfNull(callable);
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A call cannot be scheduled in the past: the delay must be zero or positive.");
        }

        var call = new ClockDelayedCall(this, checked(NowTicks + delay.Ticks), callable);
        if (_unsorted)
        {
            _calls.Add(call);
            SortCalls();
        }
        else
        {
            // What a stable sort does with a new call appended to a sorted list: it goes after every
            // call due at or before it.
            _calls.Insert(UpperBound(call.DueTicks), call);
        }

        return call;
    }

    /// <summary>
    /// The calls that have neither run nor been cancelled, as a snapshot ordered by due time
    /// (ties in the order the clock will run them). Changing the clock later does not change the
    /// returned list.
    /// </summary>
    /// <returns>A new list of the pending calls; empty when there are none.</returns>
    public IReadOnlyList<IDelayedCall> GetDelayedCalls()
    {
        var snapshot = new List<ClockDelayedCall>(_calls);
        StableSort(snapshot);
        return snapshot.ToArray();
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="amount"/>, then runs, one at a time in due-time
    /// order, every pending call whose due time is at or before the new time, including calls that
    /// those calls schedule (or reschedule) for a time that is already due (Twisted's <c>advance</c>).
    /// </summary>
    /// <param name="amount">How far to move time; zero runs the calls that are already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative.</exception>
    /// <exception cref="OverflowException">The new time is beyond what a <see cref="TimeSpan"/> can hold.</exception>
    /// <exception cref="Exception">Whatever a call throws; the calls after it stay pending.</exception>
    public void Advance(TimeSpan amount)
    {
        if (amount < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A clock cannot be moved backwards: the amount must be zero or positive.");
        }

        AdvanceTicks(amount.Ticks);
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="seconds"/> (rounded to the nearest 100 ns) and runs
    /// every call that is then due, exactly as <see cref="Advance(TimeSpan)"/> does.
    /// </summary>
    /// <param name="seconds">How many seconds to move time; zero or positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative, NaN, infinite or too large.</exception>
    /// <exception cref="OverflowException">The new time is beyond what a <see cref="TimeSpan"/> can hold.</exception>
    /// <exception cref="Exception">Whatever a call throws; the calls after it stay pending.</exception>
    public void Advance(double seconds) => AdvanceTicks(SecondsToTicks(seconds, nameof(seconds)));

    /// <summary>
    /// Advances the clock by each amount in turn, running the calls due after each step
    /// (Twisted's <c>pump</c>).
    /// </summary>
    /// <param name="timings">The successive amounts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An amount is negative; the earlier amounts were applied.</exception>
    /// <exception cref="Exception">Whatever a call throws; the remaining amounts are not applied.</exception>
    public void Pump(IEnumerable<TimeSpan> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        foreach (TimeSpan amount in timings)
        {
            Advance(amount);
        }
    }

    /// <summary>
    /// Advances the clock by each amount of seconds in turn, running the calls due after each step.
    /// </summary>
    /// <param name="timings">The successive amounts, in seconds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An amount is negative or not finite; the earlier amounts were applied.</exception>
    /// <exception cref="Exception">Whatever a call throws; the remaining amounts are not applied.</exception>
    public void Pump(IEnumerable<double> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        foreach (double amount in timings)
        {
            Advance(amount);
        }
    }

    /// <summary>Converts ticks to seconds.</summary>
    internal static double TicksToSeconds(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>Removes a cancelled call from the pending calls.</summary>
    internal void Remove(ClockDelayedCall call) => _calls.Remove(call);

    /// <summary>Notes that a pending call's due time changed: the next sort must really sort.</summary>
    internal void MarkUnsorted() => _unsorted = true;

    private static long SecondsToTicks(double seconds, string parameterName)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, seconds, "A clock cannot be moved backwards: the amount must be a zero or positive number of seconds.");
        }

        double ticks = Math.Round(seconds * TimeSpan.TicksPerSecond);
        if (ticks >= long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameterName, seconds, "The amount must be finite and no larger than TimeSpan.MaxValue.");
        }

        return (long)ticks;
    }

    private void AdvanceTicks(long ticks)
    {
        NowTicks = checked(NowTicks + ticks);
        SortCalls();
        while (_calls.Count > 0 && _calls[0].DueTicks <= NowTicks)
        {
            ClockDelayedCall call = _calls[0];
            _calls.RemoveAt(0);
            call.BeginRun()();
            SortCalls();
        }
    }

    private void SortCalls()
    {
        if (_unsorted)
        {
            StableSort(_calls);
            _unsorted = false;
        }
    }

    /// <summary>The index of the first pending call due strictly after <paramref name="dueTicks"/>.</summary>
    private int UpperBound(long dueTicks)
    {
        int low = 0;
        int high = _calls.Count;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (_calls[middle].DueTicks <= dueTicks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Insertion sort by due time: stable (ties keep their list order) and linear on the
    /// nearly sorted lists the clock keeps.
    /// </summary>
    private static void StableSort(List<ClockDelayedCall> calls)
    {
        for (int i = 1; i < calls.Count; i++)
        {
            ClockDelayedCall item = calls[i];
            long due = item.DueTicks;
            int j = i - 1;
            while (j >= 0 && calls[j].DueTicks > due)
            {
                calls[j + 1] = calls[j];
                j--;
            }

            calls[j + 1] = item;
        }
    }
}
