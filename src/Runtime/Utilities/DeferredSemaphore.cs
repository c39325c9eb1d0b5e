using System;

namespace Torsion;

/// <summary>
/// A semaphore for event-driven code (Twisted's <c>DeferredSemaphore</c>): at most
/// <see cref="Limit"/> holders at once; <see cref="Acquire"/> returns a Deferred that fires with the
/// semaphore once a token is yours.
/// </summary>
/// <remarks>
/// Not thread-safe: use it on one thread (the reactor's). Hand-offs never recurse: any number of
/// waiters whose callbacks release synchronously run in constant stack; a token released inside a
/// waiter's callback goes to the next waiter at once, whose callbacks run right after the current
/// callback returns.
/// </remarks>
public sealed class DeferredSemaphore : DeferredConcurrencyPrimitive<DeferredSemaphore>
{
    private readonly WaiterQueue<DeferredSemaphore> _waiting = new();

    /// <summary>Creates a semaphore with <paramref name="tokens"/> tokens.</summary>
    /// <param name="tokens">How many holders may hold it at once: the initial <see cref="Tokens"/> and the <see cref="Limit"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is less than 1: "DeferredSemaphore requires tokens >= 1".</exception>
    public DeferredSemaphore(int tokens)
    {
        if (tokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "DeferredSemaphore requires tokens >= 1");
        }

        Tokens = tokens;
        Limit = tokens;
    }

    /// <summary>At most this many holders at once (Twisted's <c>limit</c>).</summary>
    public int Limit { get; }

    /// <summary>How many tokens are free: <see cref="Limit"/> minus the current holders (Twisted's <c>tokens</c>).</summary>
    public int Tokens { get; private set; }

    /// <summary>How many <see cref="Acquire"/> calls are waiting for a token.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>
    /// Acquires a token: returns a Deferred that fires with this semaphore at once if a token is
    /// free, otherwise when every earlier waiter has had one (first come, first served). Cancelling
    /// the Deferred while it waits removes it from the waiting list and fails it with
    /// <see cref="CancelledException"/>; cancelling it after it fired does nothing.
    /// </summary>
    public override Deferred<DeferredSemaphore> Acquire()
    {
        if (Tokens == 0)
        {
            return _waiting.Enqueue();
        }

        Tokens--;
        return Deferred.Succeed(this);
    }

    /// <summary>Releases a token: the oldest waiter gets it and fires, or it becomes free.</summary>
    /// <exception cref="InvalidOperationException">
    /// Every token is already free: "Someone released me too many times: too many tokens!".
    /// </exception>
    public override void Release()
    {
        if (Tokens >= Limit)
        {
            throw new InvalidOperationException("Someone released me too many times: too many tokens!");
        }

        if (_waiting.Count > 0)
        {
            _waiting.HandOff(this);
        }
        else
        {
            Tokens++;
        }
    }
}
