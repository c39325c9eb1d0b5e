namespace Torsion;

/// <summary>
/// The base of the errors a <see cref="Cooperator"/> or one of its <see cref="CooperativeTask"/>s reports when
/// an operation does not fit its current state (Twisted's <c>task.SchedulerError</c>). Catch it to handle every
/// scheduler-state error at once; it is never thrown itself.
/// </summary>
public abstract class SchedulerErrorException : System.Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    protected SchedulerErrorException() : base("A scheduler or task was in a state that does not allow the operation.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    protected SchedulerErrorException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    protected SchedulerErrorException(string message, System.Exception innerException) : base(message, innerException) { }
}
