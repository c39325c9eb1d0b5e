namespace Torsion;

/// <summary>
/// A <see cref="Cooperator"/> was stopped while a task was running, or a task was added to (or resumed on) a
/// stopped cooperator (Twisted's <c>task.SchedulerStopped</c>). The task's <see cref="CooperativeTask.WhenDone"/>
/// Deferreds fail with it, and later operations on the task throw it.
/// </summary>
public class SchedulerStoppedException : SchedulerErrorException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SchedulerStoppedException() : base("The cooperator was stopped.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public SchedulerStoppedException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SchedulerStoppedException(string message, System.Exception innerException) : base(message, innerException) { }
}
