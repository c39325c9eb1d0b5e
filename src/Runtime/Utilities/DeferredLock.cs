using System;

namespace Torsion;

/// <summary>
/// A lock for event-driven code (Twisted's <c>DeferredLock</c>): <see cref="Acquire"/> returns a
/// Deferred that fires with the lock once it is yours, and <see cref="DeferredConcurrencyPrimitive{TSelf}.Release"/>
/// hands it to the oldest waiter.
/// </summary>
/// <remarks>
/// <para>
/// Not thread-safe: a DeferredLock serialises asynchronous operations on one thread (the
/// reactor's); it is not a lock between threads.
/// </para>
/// <para>
/// Hand-offs never recurse (Twisted's do): any number of waiters whose callbacks release the lock
/// synchronously run one after another in constant stack. A release made inside a waiter's callback
/// passes the lock to the next waiter at once (<see cref="Locked"/> stays true), and that waiter's
/// callbacks run right after the current callback returns.
/// </para>
/// </remarks>
public sealed class DeferredLock : DeferredConcurrencyPrimitive<DeferredLock>
{
    private readonly WaiterQueue<DeferredLock> _waiting = new();

    /// <summary>Creates an unlocked lock.</summary>
    public DeferredLock()
    {
    }

    /// <summary>True while the lock is held (Twisted's <c>locked</c>); useful to test without waiting.</summary>
    public bool Locked { get; private set; }

    /// <summary>How many <see cref="Acquire"/> calls are waiting for the lock.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>
    /// Acquires the lock: returns a Deferred that fires with this lock at once if it is free, or,
    /// if it is held, when every earlier waiter has had it (first come, first served). Cancelling
    /// the Deferred while it waits removes it from the waiting list and fails it with
    /// <see cref="CancelledException"/>; cancelling it after it fired does nothing.
    /// </summary>
    public override Deferred<DeferredLock> Acquire()
    {
        if (Locked)
        {
            return _waiting.Enqueue();
        }

        Locked = true;
        return Deferred.Succeed(this);
    }

    /// <summary>
    /// Releases the lock. If Deferreds are waiting, the oldest gets the lock (it stays
    /// <see cref="Locked"/>) and fires; otherwise the lock becomes free.
    /// </summary>
    /// <exception cref="InvalidOperationException">The lock is not locked: "Tried to release an unlocked lock".</exception>
    public override void Release()
    {
        if (!Locked)
        {
            throw new InvalidOperationException("Tried to release an unlocked lock");
        }

        if (_waiting.Count > 0)
        {
            _waiting.HandOff(this);
        }
        else
        {
            Locked = false;
        }
    }
}
