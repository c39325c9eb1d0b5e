namespace Torsion;

/// <summary>
/// A port could not listen on its address (Twisted's <c>error.CannotListenError</c>): the port is
/// taken, the address is not on this host, or the system refused. The message names the address;
/// <see cref="Interface"/>, <see cref="Port"/> and the inner exception (usually a
/// <see cref="System.Net.Sockets.SocketException"/>) say what and why.
/// </summary>
public class CannotListenException : BindException
{
    /// <summary>Creates the exception for <paramref name="interfaceAddress"/>:<paramref name="port"/>, caused by <paramref name="reason"/>.</summary>
    public CannotListenException(string interfaceAddress, int port, System.Exception reason)
        : base(FormatMessage(interfaceAddress, port, reason), reason)
    {
        Interface = interfaceAddress;
        Port = port;
    }

    /// <summary>The address that could not be listened on ("" for every IPv4 address).</summary>
    public string Interface { get; }

    /// <summary>The port that could not be listened on.</summary>
    public int Port { get; }

    private static string FormatMessage(string interfaceAddress, int port, System.Exception reason)
    {
        string where = interfaceAddress.Length == 0 ? "any" : interfaceAddress;
        return $"Couldn't listen on {where}:{port}: {reason?.Message}";
    }
}
