namespace Torsion;

/// <summary>
/// <see cref="CooperativeTask.Resume"/> was called on a task that is not paused: every resume must match an
/// earlier <see cref="CooperativeTask.Pause"/> (Twisted's <c>task.NotPaused</c>).
/// </summary>
public class NotPausedException : SchedulerErrorException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NotPausedException() : base("The task is not paused, so it cannot be resumed.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public NotPausedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public NotPausedException(string message, System.Exception innerException) : base(message, innerException) { }
}
