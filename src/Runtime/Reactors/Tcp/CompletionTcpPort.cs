using System;
using System.Net.Sockets;
using Torsion.Transports.Tcp;

namespace Torsion.Reactors.Tcp;

/// <summary>
/// A listening TCP port on the <see cref="CompletionReactor"/>: one overlapped accept is kept in
/// flight; each accepted socket is handled on the reactor thread and the next accept started.
/// </summary>
internal sealed class CompletionTcpPort : TcpListeningPort
{
    private ReactorSocketArgs? _accept;

    public CompletionTcpPort(CompletionReactor reactor, int port, IProtocolFactory factory, int backlog, string interfaceAddress)
        : base(reactor, port, factory, backlog, interfaceAddress)
    {
    }

    /// <inheritdoc/>
    protected override void StartAccepting()
    {
        var listener = Listener!;
        ReactorSocketArgs? args = null;
        args = new ReactorSocketArgs(Reactor, () => OnAccepted(args!, listener)) { UserToken = listener };
        _accept = args;
        IssueAccept(args, listener);
    }

    private static void IssueAccept(ReactorSocketArgs args, Socket listener)
    {
        args.AcceptSocket = null;
        bool pending;
        try
        {
            pending = listener.AcceptAsync(args);
        }
        catch (ObjectDisposedException)
        {
            args.SocketError = SocketError.OperationAborted;
            pending = false;
        }

        args.Started(pending);
    }

    private void OnAccepted(ReactorSocketArgs args, Socket listener)
    {
        var accepted = args.AcceptSocket;
        args.AcceptSocket = null;
        if (!ReferenceEquals(Listener, listener))
        {
            // Stopped (or restarted with another socket) while the accept was in flight.
            accepted?.Dispose();
            args.Dispose();
            return;
        }

        var error = args.SocketError;
        if (error == SocketError.Success && accepted is not null)
        {
            Accepted(accepted);
        }
        else if (error is not (SocketError.OperationAborted or SocketError.ConnectionAborted or SocketError.ConnectionReset))
        {
            AcceptFailed(error);
            Reactor.CallLater(TimeSpan.FromMilliseconds(100), () =>
            {
                if (ReferenceEquals(Listener, listener))
                {
                    IssueAccept(args, listener);
                }
            });
            return;
        }

        if (ReferenceEquals(Listener, listener))
        {
            IssueAccept(args, listener);
        }
    }

    /// <inheritdoc/>
    protected override void StopAccepting()
    {
        // Closing the listener ends the accept in flight; its handler sees the port stopped.
        _accept = null;
    }
}
