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
public sealed class CompletionReactor : ReactorBase
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
    /// with a <see cref="SocketException"/>. It never fires synchronously inside this call.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public Deferred<int> Receive(Socket socket, Memory<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        CheckThread();
        var operation = new SocketOperation(this);
        operation.SetBuffer(buffer);
        operation.Start(socket.ReceiveAsync(operation));
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
        operation.Start(socket.SendAsync(operation));
        return operation.Result;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _wake.Dispose();
    }

    /// <summary>One overlapped operation whose completion is queued to the reactor thread.</summary>
    private sealed class SocketOperation : SocketAsyncEventArgs
    {
        private readonly CompletionReactor _reactor;

        public SocketOperation(CompletionReactor reactor)
            : base(unsafeSuppressExecutionContextFlow: true)
        {
            _reactor = reactor;
        }

        public Deferred<int> Result { get; } = new();

        public void Start(bool pending)
        {
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
            int transferred = BytesTransferred;
            Dispose();
            _reactor.CallFromThread(() =>
            {
                if (error == SocketError.Success)
                {
                    Result.Callback(transferred);
                }
                else
                {
                    Result.Errback(new SocketException((int)error));
                }
            });
        }
    }
}
