namespace Torsion;

/// <summary>
/// Something that can happen only once has already happened: a <see cref="Deferred"/> was fired a
/// second time (Twisted's <c>defer.AlreadyCalledError</c>), or a delayed call that already ran was
/// cancelled, reset or delayed (Twisted's <c>error.AlreadyCalled</c>).
/// </summary>
public class AlreadyCalledException : System.InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AlreadyCalledException() : base("The operation was already called.") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AlreadyCalledException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public AlreadyCalledException(string message, System.Exception innerException) : base(message, innerException) { }
}
