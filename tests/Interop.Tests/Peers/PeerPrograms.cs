using System;
using System.IO;

namespace Torsion.Interop.Tests.Peers;

/// <summary>Finds peer programs installed from Debian packages (e.g. <c>openssl</c>, <c>nc</c> from netcat-openbsd).</summary>
public static class PeerPrograms
{
    /// <summary>The full path of <paramref name="program"/>, searched on PATH and then in /usr/bin and /bin.</summary>
    /// <exception cref="PeerUnavailableException">It is not installed; the message names <paramref name="debianPackage"/>.</exception>
    public static string Locate(string program, string debianPackage)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string directory in (path + Path.PathSeparator + "/usr/bin" + Path.PathSeparator + "/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new PeerUnavailableException(
            program + " is not installed; the interop tests need it as a peer. Install it with: sudo apt-get install -y " + debianPackage + ".");
    }
}
