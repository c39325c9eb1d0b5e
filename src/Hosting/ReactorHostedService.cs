using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Torsion.Hosting;

/// <summary>
/// The hosted service that <see cref="TorsionServiceCollectionExtensions.AddTorsion"/> registers: it runs a
/// reactor on its own thread for the lifetime of the host.
/// </summary>
/// <remarks>
/// <para>
/// In a host, the reactor is created (by <see cref="CreateReactor"/>, reporting to the host's
/// <see cref="ILogger"/>) the first time <see cref="IReactor"/> or this service is resolved. <see cref="StartAsync"/> starts its thread and
/// returns once the reactor runs. Code on other threads reaches it with <see cref="IReactorThreads.CallFromThread"/>
/// (calls queued before it runs wait for it).
/// </para>
/// <para>
/// When the host stops (<c>StopApplication</c>, Ctrl+C or SIGTERM through the host's console lifetime),
/// <see cref="StopAsync"/> stops the reactor gracefully, so its "before", "during" and "after" shutdown
/// triggers run (a "before" trigger may return a Deferred that delays the rest), and waits for its thread to
/// end. If that takes longer than the host's shutdown timeout, the reactor is crashed (no more triggers) and
/// a warning is logged. When the reactor stops by itself, the host is stopped
/// (<see cref="TorsionHostOptions.StopHostWhenReactorStops"/>); when <c>Run</c> fails, the failure is logged
/// as critical, <see cref="Environment.ExitCode"/> is set to 1 and the host is stopped. A reactor that stops
/// or fails before it runs fails <see cref="StartAsync"/> with that failure instead (so the host's start fails).
/// </para>
/// </remarks>
public sealed class ReactorHostedService : IHostedService, IDisposable
{
    private readonly TorsionHostOptions _options;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private volatile bool _hostStopping;
    private bool _disposed;

    /// <summary>Creates the service that runs <paramref name="reactor"/>.</summary>
    /// <param name="reactor">The reactor to run; whoever created it disposes it (in a host, the container does).</param>
    /// <param name="options">How to run it.</param>
    /// <param name="loggerFactory">The host's logging; nothing is logged when null.</param>
    /// <param name="lifetime">The host's lifetime, stopped when the reactor stops; may be null outside a host.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reactor"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public ReactorHostedService(IReactor reactor, TorsionHostOptions options, ILoggerFactory? loggerFactory = null, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Reactor = reactor;
        _options = options;
        _lifetime = lifetime;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Torsion.Hosting");
    }

    /// <summary>
    /// Creates the reactor <paramref name="options"/> describe (<see cref="TorsionHostOptions.ReactorFactory"/>,
    /// or a reactor of kind <see cref="TorsionHostOptions.Reactor"/>), reporting to the logger category
    /// <see cref="TorsionHostOptions.LoggerCategory"/>, and installs it globally if the options say so.
    /// </summary>
    /// <param name="options">Which reactor.</param>
    /// <param name="loggerFactory">The host's logging; nothing is logged when null.</param>
    /// <returns>The new reactor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="InvalidOperationException">The factory returned null.</exception>
    /// <exception cref="ReactorAlreadyInstalledException"><see cref="TorsionHostOptions.InstallAsGlobalReactor"/> is set and a global reactor exists.</exception>
    public static IReactor CreateReactor(TorsionHostOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(options.LoggerCategory);
        IReactor reactor = options.ReactorFactory is { } factory
            ? factory(logger) ?? throw new InvalidOperationException("TorsionHostOptions.ReactorFactory returned null.")
            : ReactorFactory.Create(options.Reactor, logger);
        if (options.InstallAsGlobalReactor)
        {
            Torsion.Reactor.Install(reactor);
        }

        return reactor;
    }

    /// <summary>The reactor this service runs (the one <see cref="IReactor"/> resolves to).</summary>
    public IReactor Reactor { get; }

    /// <summary>Completes once the reactor runs; fails if it stopped or failed before it ran.</summary>
    public Task Running => _running.Task;

    /// <summary>Completes once the reactor's <c>Run</c> has returned (after its shutdown triggers).</summary>
    public Task Completion => _finished.Task;

    /// <summary>The thread the reactor runs on, once started.</summary>
    public Thread? Thread => _thread;

    /// <summary>Starts the reactor on its own thread and returns once it runs.</summary>
    /// <param name="cancellationToken">Stops waiting for the reactor to start (the host is giving up starting).</param>
    /// <returns>A task that completes when the reactor runs.</returns>
    /// <exception cref="InvalidOperationException">The service was already started, or the reactor stopped before it ran.</exception>
    /// <exception cref="ObjectDisposedException">The service was disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The reactor service was already started; a reactor runs once.");
        }

        Reactor.CallWhenRunning(() => _running.TrySetResult());
        _thread = new Thread(RunReactor) { Name = _options.ThreadName, IsBackground = true };
        _thread.Start();
        return _running.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the reactor gracefully (its shutdown triggers run) and waits for its thread to end; when
    /// <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), crashes it instead.
    /// </summary>
    /// <param name="cancellationToken">Signals that the host will not wait any longer.</param>
    /// <returns>A task that completes when the reactor has stopped, or when waiting was given up.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _hostStopping = true;
        if (_thread is null || _finished.Task.IsCompleted)
        {
            return;
        }

        Reactor.CallFromThread(StopFromHost);
        try
        {
            await _finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The reactor did not finish its shutdown before the host's shutdown timeout; crashing it (remaining shutdown triggers do not run).");
            Reactor.CallFromThread(Reactor.Crash);
        }
    }

    /// <summary>
    /// Makes sure the reactor no longer runs: when the host is disposed without having been stopped, stops
    /// the reactor gracefully (waiting up to 10 seconds for its shutdown triggers), then crashes it if it
    /// still runs. The reactor itself is disposed by its owner (in a host, the container, after this service).
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _hostStopping = true;
        if (_thread is null || _finished.Task.IsCompleted)
        {
            return;
        }

        _logger.LogWarning("The host was disposed without being stopped; stopping the reactor.");
        Reactor.CallFromThread(StopFromHost);
        if (!_thread.Join(TimeSpan.FromSeconds(10)))
        {
            Reactor.CallFromThread(Reactor.Crash);
            _thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    private void StopFromHost()
    {
        try
        {
            Reactor.Stop();
        }
        catch (ReactorNotRunningException)
        {
            // Already stopping (by itself, or a second StopAsync): its shutdown goes on.
        }
    }

    private void RunReactor()
    {
        Exception? failure = null;
        try
        {
            Reactor.Run(_options.InstallSignalHandlers);
        }
        catch (Exception e)
        {
            failure = e;
            _logger.LogCritical(e, "The reactor failed.");
            Environment.ExitCode = 1;
        }
        finally
        {
            // A reactor that never ran fails StartAsync, which fails the host's start by itself. Stopping
            // the application as well would race with that: the host cancels its start when stopping
            // begins, and StartAsync could then end in a TaskCanceledException instead of the failure.
            bool ran = _running.Task.IsCompletedSuccessfully;
            _running.TrySetException(failure ?? new InvalidOperationException("The reactor stopped before it started running."));
            _finished.TrySetResult();
            if (ran && !_hostStopping && _options.StopHostWhenReactorStops && _lifetime is not null)
            {
                _logger.LogInformation("The reactor stopped; stopping the host.");
                _lifetime.StopApplication();
            }
        }
    }
}
