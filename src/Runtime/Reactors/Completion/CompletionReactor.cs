using System;
using System.Net.Sockets;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>
/// A completion-based reactor (the model of Twisted's <c>IOCPReactor</c>): instead of waiting for
/// descriptors to become ready, it starts overlapped socket operations with .NET's
/// <see cref="SocketAsyncEventArgs"/> (I/O completion ports on Windows, the runtime's own epoll/kqueue
/// engine elsewhere) and runs each completion on the reactor thread, through the same queue as
/// <see cref="ReactorBase.CallFromThread"/>. It does not offer <see cref="IReactorFDSet"/>.
/// The default reactor on Windows. It is exercised by the test suite on Linux only; it has not yet
/// been run on Windows.
/// </summary>
public sealed partial class CompletionReactor : ReactorBase
{
    private readonly ManualResetEventSlim _wake = new(false);

    /// <summary>Creates a completion reactor, ready to <see cref="ReactorBase.Run"/>.</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    public CompletionReactor(ILogger? logger = null)
        : base(logger)
    {
    }

    /// <summary>Creates a completion reactor and installs it as the global reactor (<see cref="Reactor.Instance"/>).</summary>
    /// <param name="logger">Where callback exceptions and diagnostics go (nowhere when null).</param>
    /// <exception cref="ReactorAlreadyInstalledException">A global reactor was already installed or used.</exception>
    public static CompletionReactor Install(ILogger? logger = null)
    {
        Reactor.ThrowIfInstalled();
        var reactor = new CompletionReactor(logger);
        Reactor.Install(reactor);
        return reactor;
    }

    /// <inheritdoc/>
    protected override void WakeUp() => _wake.Set();

    /// <inheritdoc/>
    protected override void DoIteration(double? timeoutSeconds)
    {
        if (timeoutSeconds is { } seconds)
        {
            if (seconds > 0)
            {
                _wake.Wait(TimeSpan.FromMilliseconds(Math.Min(Math.Ceiling(seconds * 1000.0), int.MaxValue)));
            }
        }
        else
        {
            _wake.Wait();
        }

        _wake.Reset();
    }

    /// <summary>
    /// Starts an overlapped receive into <paramref name="buffer"/>. The returned Deferred fires on the
    /// reactor thread with the number of bytes received (0 when the peer closed its side), or fails
    /// with a <see cref="SocketException"/> (or the <see cref="ObjectDisposedException"/> of a closed
    /// socket). It never fires synchronously inside this call.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public Deferred<int> Receive(Socket socket, Memory<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        CheckThread();
        var operation = new SocketOperation(this);
        operation.SetBuffer(buffer);
        operation.Start(static (s, op) => s.ReceiveAsync(op), socket);
        return operation.Result;
    }

    /// <summary>
    /// Starts an overlapped send of <paramref name="buffer"/>. The returned Deferred fires on the
    /// reactor thread with the number of bytes sent, or fails with a <see cref="SocketException"/>.
    /// It never fires synchronously inside this call.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public Deferred<int> Send(Socket socket, ReadOnlyMemory<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        CheckThread();
        var operation = new SocketOperation(this);
        operation.SetBuffer(System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer));
        operation.Start(static (s, op) => s.SendAsync(op), socket);
        return operation.Result;
    }

    /// <summary>
    /// Starts an overlapped accept on the listening <paramref name="listener"/>. The returned Deferred
    /// fires on the reactor thread with the accepted socket, or fails with a <see cref="SocketException"/>
    /// (or the <see cref="ObjectDisposedException"/> of a closed listener). It never fires synchronously.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="listener"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public Deferred<Socket> Accept(Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        CheckThread();
        var operation = new SocketOperation<Socket>(this, static op => op.AcceptSocket!);
        operation.Start(static (s, op) => s.AcceptAsync(op), listener);
        return operation.Result;
    }

    /// <summary>
    /// Starts an overlapped connect of <paramref name="socket"/> to <paramref name="remote"/>. The
    /// returned Deferred fires on the reactor thread with the connected socket, or fails with a
    /// <see cref="SocketException"/> (e.g. connection refused). It never fires synchronously.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public Deferred<Socket> Connect(Socket socket, System.Net.EndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remote);
        CheckThread();
        var operation = new SocketOperation<Socket>(this, _ => socket) { RemoteEndPoint = remote };
        operation.Start(static (s, op) => s.ConnectAsync(op), socket);
        return operation.Result;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _wake.Dispose();
    }

    /// <summary>An overlapped transfer whose result is the number of bytes moved.</summary>
    private sealed class SocketOperation : SocketOperation<int>
    {
        public SocketOperation(CompletionReactor reactor)
            : base(reactor, static op => op.BytesTransferred)
        {
        }
    }

    /// <summary>One overlapped operation whose completion is queued to the reactor thread.</summary>
    private class SocketOperation<T> : SocketAsyncEventArgs
    {
        private readonly CompletionReactor _reactor;
        private readonly Func<SocketAsyncEventArgs, T> _result;

        public SocketOperation(CompletionReactor reactor, Func<SocketAsyncEventArgs, T> result)
            : base(unsafeSuppressExecutionContextFlow: true)
        {
            _reactor = reactor;
            _result = result;
        }

        public Deferred<T> Result { get; } = new();

        public void Start(Func<Socket, SocketAsyncEventArgs, bool> begin, Socket socket)
        {
            bool pending;
            try
            {
                pending = begin(socket, this);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or InvalidOperationException or NotSupportedException)
            {
                // The operation could not even start (closed socket...): fail, still asynchronously.
                Dispose();
                _reactor.CallFromThreadUnlessDisposed(() => Result.Errback(e));
                return;
            }

            if (!pending)
            {
                // Completed synchronously: still deliver through the queue, never re-entrantly.
                Deliver();
            }
        }

        protected override void OnCompleted(SocketAsyncEventArgs e) => Deliver();

        private void Deliver()
        {
            var error = SocketError;
            T value = error == SocketError.Success ? _result(this) : default!;
            Dispose();
            _reactor.CallFromThreadUnlessDisposed(() =>
            {
                if (error == SocketError.Success)
                {
                    Result.Callback(value);
                }
                else
                {
                    Result.Errback(new SocketException((int)error));
                }
            });
        }
    }
}
