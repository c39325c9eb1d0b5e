namespace Torsion;

/// <summary>
/// A reactor method other than <c>CallFromThread</c> was called from a thread that is not the one running the reactor. Reactor state is not thread-safe; marshal the call with <c>CallFromThread</c>.
/// </summary>
public class NotOnReactorThreadException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "This reactor method must be called on the reactor thread; use CallFromThread from other threads.".</summary>
    public NotOnReactorThreadException() : base("This reactor method must be called on the reactor thread; use CallFromThread from other threads.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public NotOnReactorThreadException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public NotOnReactorThreadException(string message, System.Exception innerException) : base(message, innerException) { }
}
