using System;
using System.Net.Sockets;
using Torsion.Transports.Tcp;

namespace Torsion.Reactors.Tcp;

/// <summary>
/// A listening TCP port on a readiness reactor: the non-blocking listening socket is a reader; each
/// readable event accepts up to 64 waiting connections. When accepting fails (out of descriptors),
/// the error is logged and the listener is left alone for 100 ms.
/// </summary>
internal sealed class ReadinessTcpPort : TcpListeningPort, IFileDescriptor
{
    private const int AcceptsPerEvent = 64;
    private readonly PosixReactorBase _reactor;
    private int _fd = -1;

    public ReadinessTcpPort(PosixReactorBase reactor, int port, IProtocolFactory factory, int backlog, string interfaceAddress)
        : base(reactor, port, factory, backlog, interfaceAddress)
    {
        _reactor = reactor;
    }

    /// <inheritdoc/>
    public int FileNo() => _fd;

    /// <inheritdoc/>
    public Exception? DoRead()
    {
        for (int i = 0; i < AcceptsPerEvent; i++)
        {
            var listener = Listener;
            if (listener is null || (i > 0 && !listener.Poll(0, SelectMode.SelectRead)))
            {
                break;
            }

            Socket accepted;
            try
            {
                accepted = listener.Accept();
            }
            catch (SocketException e)
            {
                if (e.SocketErrorCode is not (SocketError.WouldBlock or SocketError.TryAgain or SocketError.ConnectionAborted or SocketError.ConnectionReset))
                {
                    // Out of descriptors (or another accept error): log it and stop watching the
                    // listener for 100 ms, or level-triggered readiness would spin on it.
                    AcceptFailed(e.SocketErrorCode);
                    _reactor.RemoveReader(this);
                    Reactor.CallLater(TimeSpan.FromMilliseconds(100), () =>
                    {
                        if (ReferenceEquals(Listener, listener))
                        {
                            _reactor.AddReader(this);
                        }
                    });
                }

                break;
            }

            Accepted(accepted);
        }

        return null;
    }

    /// <inheritdoc/>
    public Exception? DoWrite() => null;

    /// <inheritdoc/>
    public void ConnectionLost(Failure reason) => LostByReactor();

    /// <inheritdoc/>
    protected override void StartAccepting()
    {
        _fd = (int)Listener!.Handle;
        _reactor.AddReader(this);
    }

    /// <inheritdoc/>
    protected override void StopAccepting()
    {
        _reactor.RemoveReader(this);
        _fd = -1;
    }
}
