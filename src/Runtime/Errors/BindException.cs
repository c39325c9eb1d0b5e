namespace Torsion;

/// <summary>
/// A socket could not be bound to its local address: the base of <see cref="CannotListenException"/> (Twisted's <c>error.BindError</c>).
/// </summary>
public class BindException : System.Exception
{
    /// <summary>Creates the exception with the default message "An error occurred binding to an interface.".</summary>
    public BindException() : base("An error occurred binding to an interface.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public BindException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public BindException(string message, System.Exception innerException) : base(message, innerException) { }
}
