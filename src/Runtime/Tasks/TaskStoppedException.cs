namespace Torsion;

/// <summary>
/// The <see cref="CooperativeTask"/> was stopped with <see cref="CooperativeTask.Stop"/> (Twisted's
/// <c>task.TaskStopped</c>). The task's <see cref="CooperativeTask.WhenDone"/> Deferreds fail with it, and later
/// <see cref="CooperativeTask.Pause"/> or <see cref="CooperativeTask.Stop"/> calls throw it.
/// </summary>
public class TaskStoppedException : TaskFinishedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TaskStoppedException() : base("The task was stopped.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public TaskStoppedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TaskStoppedException(string message, System.Exception innerException) : base(message, innerException) { }
}
