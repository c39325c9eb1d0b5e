namespace Torsion;

/// <summary>
/// The base of the errors that say a <see cref="CooperativeTask"/> has permanently stopped running: it
/// completed, was stopped or failed (Twisted's <c>task.TaskFinished</c>). Thrown by
/// <see cref="CooperativeTask.Pause"/> and <see cref="CooperativeTask.Stop"/> on a finished task, as one of
/// its subclasses; it is never thrown itself.
/// </summary>
public abstract class TaskFinishedException : SchedulerErrorException
{
    /// <summary>Creates the exception with a default message.</summary>
    protected TaskFinishedException() : base("The task has already finished.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    protected TaskFinishedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    protected TaskFinishedException(string message, System.Exception innerException) : base(message, innerException) { }
}
