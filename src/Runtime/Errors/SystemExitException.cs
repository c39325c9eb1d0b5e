namespace Torsion;

/// <summary>
/// Ends a program run by <see cref="React"/> with a chosen exit code (Python's <c>SystemExit</c>, which
/// Twisted's <c>task.react</c> honours): a main function whose Deferred fails with this exception makes
/// <see cref="React.Run(System.Func{IReactor, Deferred}, IReactor?, Microsoft.Extensions.Logging.ILogger?)"/>
/// return <see cref="ExitCode"/> instead of 1, without logging an error.
/// </summary>
public class SystemExitException : System.Exception
{
    /// <summary>Creates the exception for exit code <paramref name="exitCode"/>.</summary>
    public SystemExitException(int exitCode)
        : base($"The program asked to exit with code {exitCode}.")
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception for exit code 0.</summary>
    public SystemExitException()
        : this(0)
    {
    }

    /// <summary>Creates the exception for exit code 0 with <paramref name="message"/>.</summary>
    public SystemExitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for exit code 0 with <paramref name="message"/> and its cause.</summary>
    public SystemExitException(string message, System.Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exit code <see cref="React"/> returns.</summary>
    public int ExitCode { get; }
}
