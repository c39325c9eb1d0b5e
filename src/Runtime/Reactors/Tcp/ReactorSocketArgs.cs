using System;
using System.Net.Sockets;

namespace Torsion.Reactors.Tcp;

/// <summary>
/// One reusable overlapped socket operation of the completion reactor: whether it completes at once
/// or later on a pool thread, its owner's handler runs on the reactor thread, through the thread-call
/// queue, with a delegate made once (no allocation per operation).
/// </summary>
internal sealed class ReactorSocketArgs : SocketAsyncEventArgs
{
    private readonly ReactorBase _reactor;
    private readonly Action _onReactorThread;

    public ReactorSocketArgs(ReactorBase reactor, Action onReactorThread)
        : base(unsafeSuppressExecutionContextFlow: true)
    {
        _reactor = reactor;
        _onReactorThread = onReactorThread;
    }

    /// <summary>Call with the result of <c>Socket.XxxAsync(this)</c>: a synchronous completion is queued too, never handled re-entrantly.</summary>
    public void Started(bool pending)
    {
        if (!pending)
        {
            Queue();
        }
    }

    /// <summary>Queues the handler (used when an operation could not even start).</summary>
    public void Queue()
    {
        try
        {
            _reactor.CallFromThread(_onReactorThread);
        }
        catch (ObjectDisposedException)
        {
            // The reactor was disposed while the operation was in flight: nobody is left to tell.
        }
    }

    /// <inheritdoc/>
    protected override void OnCompleted(SocketAsyncEventArgs e) => Queue();
}
