namespace Torsion;

/// <summary>
/// A reactor was installed as the global reactor after one was already installed, or after the global reactor was first used, which installs the platform default (Twisted's <c>error.ReactorAlreadyInstalledError</c>). Install a reactor before anything touches <c>Reactor.Instance</c>.
/// </summary>
public class ReactorAlreadyInstalledException : System.InvalidOperationException
{
    /// <summary>Creates the exception with the default message "reactor already installed".</summary>
    public ReactorAlreadyInstalledException() : base("reactor already installed") { }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReactorAlreadyInstalledException(string message) : base(message) { }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ReactorAlreadyInstalledException(string message, System.Exception innerException) : base(message, innerException) { }
}
