using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace Torsion;

/// <summary>
/// The waiting list of a <see cref="DeferredLock"/>, <see cref="DeferredSemaphore"/> or
/// <see cref="DeferredQueue{T}"/>: Deferreds waiting for a value, served first come, first served,
/// and fired without recursion.
/// </summary>
/// <remarks>
/// <para>
/// Twisted fires the next waiter from inside <c>release()</c>/<c>put()</c>; when that waiter's
/// callback releases again, the next waiter fires one level deeper, and 10,000 waiters that each
/// release synchronously overflow the stack. Here a hand-off that happens while this queue is
/// already firing a waiter (further up the same stack) only takes the waiter off the list and
/// records the value it gets; the outer call fires it once the current waiter's callbacks have
/// returned. The waiting list, the lock/token/item accounting and the order in which waiters get
/// their values are exactly Twisted's; only the moment a nested hand-off's callbacks run moves to
/// just after the callback that caused it.
/// </para>
/// <para>
/// Cancelling a waiting Deferred removes it from the list (it then fails with
/// <see cref="CancelledException"/>). Cancelling one that was already given its value but not yet
/// fired fires it with that value at once: it had already acquired, so cancelling does nothing
/// else.
/// </para>
/// </remarks>
/// <typeparam name="T">What the waiters receive.</typeparam>
internal sealed class WaiterQueue<T>
{
    private readonly Queue<Waiter> _ready = new();
    private Waiter? _head;
    private Waiter? _tail;
    private bool _firing;

    /// <summary>How many Deferreds are waiting (Twisted's <c>len(waiting)</c>).</summary>
    public int Count { get; private set; }

    /// <summary>Adds a waiting Deferred at the end of the list and returns it.</summary>
    public Deferred<T> Enqueue()
    {
        var waiter = new Waiter();
        waiter.Deferred = new Deferred<T>(_ => Cancel(waiter));
        waiter.Previous = _tail;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        waiter.Queued = true;
        Count++;
        return waiter.Deferred;
    }

    /// <summary>
    /// Gives <paramref name="value"/> to the oldest waiter (there must be one) and fires it, now or,
    /// when this queue is already firing a waiter further up the stack, right after that.
    /// </summary>
    /// <exception cref="AlreadyCalledException">A waiter's Deferred had been fired by someone else (rethrown after every ready waiter was served).</exception>
    public void HandOff(T value)
    {
        Waiter waiter = _head ?? throw new InvalidOperationException("No Deferred is waiting.");
        Unlink(waiter);
        waiter.Value = value;
        waiter.Ready = true;
        _ready.Enqueue(waiter);
        if (_firing)
        {
            return;
        }

        _firing = true;
        ExceptionDispatchInfo? error = null;
        try
        {
            while (_ready.TryDequeue(out Waiter? next))
            {
                if (!next.Ready)
                {
                    continue; // cancelled meanwhile: it was fired with its value by Cancel
                }

                next.Ready = false;
                T given = next.Value;
                next.Value = default!;
                try
                {
                    next.Deferred.Callback(given);
                }
                catch (AlreadyCalledException exception)
                {
                    error ??= ExceptionDispatchInfo.Capture(exception);
                }
            }
        }
        finally
        {
            _firing = false;
        }

        error?.Throw();
    }

    private void Cancel(Waiter waiter)
    {
        if (waiter.Queued)
        {
            Unlink(waiter);
        }
        else if (waiter.Ready)
        {
            waiter.Ready = false;
            T given = waiter.Value;
            waiter.Value = default!;
            waiter.Deferred.Callback(given);
        }
    }

    private void Unlink(Waiter waiter)
    {
        if (waiter.Previous is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Previous.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Previous;
        }
        else
        {
            waiter.Next.Previous = waiter.Previous;
        }

        waiter.Previous = null;
        waiter.Next = null;
        waiter.Queued = false;
        Count--;
    }

    /// <summary>One waiting Deferred, a node of the intrusive waiting list.</summary>
    private sealed class Waiter
    {
        public Deferred<T> Deferred = null!;
        public Waiter? Previous;
        public Waiter? Next;
        public bool Queued;
        public bool Ready;
        public T Value = default!;
    }
}
