namespace Torsion;

/// <summary>
/// The <see cref="CooperativeTask"/> already died with an error: its iterator threw, or a Deferred it yielded
/// failed (Twisted's <c>task.TaskFailed</c>). The <see cref="CooperativeTask.WhenDone"/> Deferreds fail with that
/// original error, not with this one; this one is thrown by later <see cref="CooperativeTask.Pause"/> or
/// <see cref="CooperativeTask.Stop"/> calls.
/// </summary>
public class TaskFailedException : TaskFinishedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TaskFailedException() : base("The task has already failed.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public TaskFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TaskFailedException(string message, System.Exception innerException) : base(message, innerException) { }
}
