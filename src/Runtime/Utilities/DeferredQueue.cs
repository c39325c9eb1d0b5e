using System;
using System.Collections.Generic;

namespace Torsion;

/// <summary>
/// An event-driven queue (Twisted's <c>DeferredQueue</c>): <see cref="Get"/> returns a Deferred
/// that fires with the next item, at once if one is buffered; <see cref="Put(T)"/> gives an item to
/// the oldest waiting getter, or buffers it.
/// </summary>
/// <typeparam name="T">The items' type.</typeparam>
/// <remarks>
/// Not thread-safe: use it on one thread (the reactor's). Hand-offs never recurse: when a getter's
/// callback puts again, the next getter's callbacks run right after that callback returns, so any
/// number of such hand-offs run in constant stack.
/// </remarks>
public sealed class DeferredQueue<T>
{
    private readonly WaiterQueue<T> _waiting = new();
    private readonly Queue<T> _pending = new();

    /// <summary>Creates a queue.</summary>
    /// <param name="size">How many items may be buffered at once; null for no limit (Twisted's <c>size</c>).</param>
    /// <param name="backlog">How many getters may wait at once; null for no limit (Twisted's <c>backlog</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> or <paramref name="backlog"/> is negative.</exception>
    public DeferredQueue(int? size = null, int? backlog = null)
    {
        if (size is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A DeferredQueue's size must be null (no limit) or at least 0.");
        }

        if (backlog is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(backlog), backlog, "A DeferredQueue's backlog must be null (no limit) or at least 0.");
        }

        Size = size;
        Backlog = backlog;
    }

    /// <summary>How many items may be buffered at once; null for no limit.</summary>
    public int? Size { get; }

    /// <summary>How many getters may wait at once; null for no limit.</summary>
    public int? Backlog { get; }

    /// <summary>How many items are buffered (Twisted's <c>len(pending)</c>).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>How many getters are waiting (Twisted's <c>len(waiting)</c>).</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>
    /// Adds <paramref name="item"/>: the oldest waiting getter gets it (its Deferred fires), or,
    /// when none waits, it is buffered if fewer than <see cref="Size"/> items are.
    /// </summary>
    /// <exception cref="QueueOverflowException">No getter waits and <see cref="Size"/> items are already buffered.</exception>
    public void Put(T item)
    {
        if (_waiting.Count > 0)
        {
            _waiting.HandOff(item);
        }
        else if (Size is null || _pending.Count < Size)
        {
            _pending.Enqueue(item);
        }
        else
        {
            throw new QueueOverflowException(
                "The DeferredQueue is full: no getter is waiting and it already holds " + Size + " item(s), its size.");
        }
    }

    /// <summary>
    /// Takes the next item: returns a fired Deferred with the oldest buffered item, or, when none
    /// is buffered, a Deferred that fires with the next item put (getters are served first come,
    /// first served). Cancelling a waiting Deferred removes it from the waiters and fails it with
    /// <see cref="CancelledException"/>.
    /// </summary>
    /// <exception cref="QueueUnderflowException">No item is buffered and <see cref="Backlog"/> getters already wait.</exception>
    public Deferred<T> Get()
    {
        if (_pending.Count > 0)
        {
            return Deferred.Succeed(_pending.Dequeue());
        }

        if (Backlog is null || _waiting.Count < Backlog)
        {
            return _waiting.Enqueue();
        }

        throw new QueueUnderflowException(
            "The DeferredQueue is empty and " + Backlog + " getter(s), its backlog, are already waiting.");
    }
}
