namespace Torsion.Transports.Tcp;

/// <summary>A socket a reactor owns on behalf of TCP (a connection, an attempt, a listening port): closed at shutdown and on disposal.</summary>
internal interface ITcpResource
{
    /// <summary>"During shutdown": ends with a <see cref="ConnectionLostException"/> (ports stop listening).</summary>
    void ShutDown();

    /// <summary>The reactor is being disposed: close the socket without calling anyone.</summary>
    void CloseForDispose();
}
