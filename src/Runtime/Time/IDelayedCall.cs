namespace Torsion;

/// <summary>
/// A call scheduled with <see cref="IReactorTime.CallLater"/> (Twisted's <c>IDelayedCall</c>).
/// </summary>
public interface IDelayedCall
{
    /// <summary>
    /// The time, on the scheduling clock's scale (<see cref="IReactorTime.Seconds"/>), at which the
    /// call is due.
    /// </summary>
    double Time { get; }

    /// <summary>True while the call has neither run (nor started running) nor been cancelled.</summary>
    bool Active { get; }

    /// <summary>Prevents the call from running.</summary>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="AlreadyCancelledException">The call was already cancelled.</exception>
    void Cancel();

    /// <summary>Reschedules the call to run <paramref name="delay"/> from now.</summary>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    void Reset(System.TimeSpan delay);

    /// <summary>Moves the call <paramref name="delay"/> later than it is now due.</summary>
    /// <exception cref="AlreadyCalledException">The call has run or is running.</exception>
    /// <exception cref="AlreadyCancelledException">The call was cancelled.</exception>
    void Delay(System.TimeSpan delay);
}
