using System;

namespace Torsion;

/// <summary>
/// Thrown by <see cref="DeferredQueue{T}.Get"/> when the queue holds no item and
/// <see cref="DeferredQueue{T}.Backlog"/> getters are already waiting (Twisted's <c>QueueUnderflow</c>).
/// </summary>
public sealed class QueueUnderflowException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public QueueUnderflowException()
        : base("The DeferredQueue is empty and as many getters as its backlog allows are already waiting.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public QueueUnderflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public QueueUnderflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
