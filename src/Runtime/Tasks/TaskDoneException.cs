namespace Torsion;

/// <summary>
/// The <see cref="CooperativeTask"/> already completed normally: its iterator ran out of items (Twisted's
/// <c>task.TaskDone</c>).
/// </summary>
public class TaskDoneException : TaskFinishedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TaskDoneException() : base("The task has already completed.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public TaskDoneException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TaskDoneException(string message, System.Exception innerException) : base(message, innerException) { }
}
