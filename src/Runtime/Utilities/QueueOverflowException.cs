using System;

namespace Torsion;

/// <summary>
/// Thrown by <see cref="DeferredQueue{T}.Put(T)"/> when no getter is waiting and the queue already
/// buffers <see cref="DeferredQueue{T}.Size"/> items (Twisted's <c>QueueOverflow</c>).
/// </summary>
public sealed class QueueOverflowException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public QueueOverflowException()
        : base("The DeferredQueue is full: no getter is waiting and it already holds as many items as its size allows.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public QueueOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public QueueOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
