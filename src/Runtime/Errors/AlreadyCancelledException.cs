namespace Torsion;

/// <summary>
/// A delayed call that was already cancelled was cancelled, reset or delayed again (Twisted's
/// <c>error.AlreadyCancelled</c>).
/// </summary>
public class AlreadyCancelledException : System.InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCancelledException() : base("The call was already cancelled.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCancelledException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public AlreadyCancelledException(string message, System.Exception innerException) : base(message, innerException) { }
}
