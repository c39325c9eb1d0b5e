using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Torsion.Hosting.Tests;

/// <summary>services.AddTorsion() in a real generic host. Every wait is bounded.</summary>
public sealed class ReactorHostingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static IHost BuildHost(Action<TorsionHostOptions>? configure = null, CapturingLoggerProvider? logs = null, Action<IServiceCollection>? services = null, TimeSpan? shutdownTimeout = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddTorsion(configure);
        services?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout ?? Limit);
        return builder.Build();
    }

    [Fact]
    public async Task Start_RunsTheReactorOnItsOwnThread_AndIReactorIsInjectable()
    {
        using IHost host = BuildHost();
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        ReactorHostedService service = host.Services.GetRequiredService<ReactorHostedService>();
        Assert.Same(service.Reactor, reactor);
        Assert.Same(reactor, host.Services.GetRequiredService<IReactorTime>());
        Assert.Same(reactor, host.Services.GetRequiredService<IReactorThreads>());
        Assert.Same(reactor, host.Services.GetRequiredService<IReactorCore>());
        Assert.True(service.Running.IsCompletedSuccessfully);

        var (threadId, running, name) = reactor.BlockingCallFromThread(
            () => (Environment.CurrentManagedThreadId, reactor.Running, Thread.CurrentThread.Name));
        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId);
        Assert.True(running);
        Assert.Equal("Torsion reactor", name);
        Assert.Equal(service.Thread!.ManagedThreadId, threadId);

        await host.StopAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task HostStop_StopsTheReactorGracefully_RunningItsShutdownTriggers()
    {
        using IHost host = BuildHost();
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        var events = new ConcurrentQueue<string>();
        reactor.BlockingCallFromThread(() =>
        {
            reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
            {
                events.Enqueue("before");

                // A "before" trigger's Deferred holds the shutdown until it fires.
                return reactor.DeferLater(TimeSpan.FromMilliseconds(50), () => events.Enqueue("before finished"));
            });
            reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => events.Enqueue("during"));
            reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => events.Enqueue("after"));
            return 0;
        });

        await host.StopAsync().WaitAsync(Limit);

        ReactorHostedService service = host.Services.GetRequiredService<ReactorHostedService>();
        Assert.True(service.Completion.IsCompleted);
        Assert.True(service.Thread!.Join(Limit));
        Assert.False(reactor.Running);
        Assert.Equal(new[] { "before", "before finished", "during", "after" }, events.ToArray());
    }

    [Fact]
    public async Task HostStop_WhenTheShutdownOutlastsTheHostsTimeout_CrashesTheReactorAndWarns()
    {
        var logs = new CapturingLoggerProvider();
        using IHost host = BuildHost(logs: logs, shutdownTimeout: TimeSpan.FromMilliseconds(200));
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        bool duringRan = false;
        reactor.BlockingCallFromThread(() =>
        {
            // A "before" trigger whose Deferred never fires holds the shutdown forever.
            reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => new Deferred());
            reactor.AddSystemEventTrigger(SystemEventPhase.During, SystemEvents.Shutdown, () => duringRan = true);
            return 0;
        });

        await host.StopAsync().WaitAsync(Limit);

        ReactorHostedService service = host.Services.GetRequiredService<ReactorHostedService>();
        Assert.True(service.Thread!.Join(Limit), "the crash did not end the reactor thread");
        Assert.False(duringRan);
        Assert.Contains(logs.Records, r => r.Category == "Torsion.Hosting" && r.Level == LogLevel.Warning && r.Message.Contains("shutdown timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReactorStop_StopsTheHost()
    {
        using IHost host = BuildHost();
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        reactor.CallFromThread(reactor.Stop);
        await host.WaitForShutdownAsync().WaitAsync(Limit);

        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(lifetime.ApplicationStopped.IsCancellationRequested);
        Assert.False(reactor.Running);
    }

    [Fact]
    public async Task ReactorStop_WithStopHostWhenReactorStopsOff_LeavesTheHostRunning()
    {
        using IHost host = BuildHost(options => options.StopHostWhenReactorStops = false);
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        ReactorHostedService service = host.Services.GetRequiredService<ReactorHostedService>();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        reactor.CallFromThread(reactor.Stop);
        Assert.True(service.Thread!.Join(Limit));           // the thread has finished everything it does
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        await host.StopAsync().WaitAsync(Limit);              // stopping an already stopped reactor is fine
    }

    [Fact]
    public async Task Reactor_LogsThroughTheHostsLogger()
    {
        var logs = new CapturingLoggerProvider();
        using IHost host = BuildHost(logs: logs);
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();

        reactor.CallFromThread(() => throw new InvalidOperationException("boom in a thread call"));
        CapturingLoggerProvider.LogRecord? record = logs.WaitFor(r => r.Exception?.Message == "boom in a thread call", Limit);

        Assert.NotNull(record);
        Assert.Equal("Torsion.Reactor", record!.Category);
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.True(reactor.BlockingCallFromThread(() => reactor.Running));   // and the reactor went on
        await host.StopAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(ReactorKind.Poll, typeof(PollReactor))]
    [InlineData(ReactorKind.Select, typeof(SelectReactor))]
    [InlineData(ReactorKind.Completion, typeof(CompletionReactor))]
    public async Task ReactorOption_ChoosesTheReactor(ReactorKind kind, Type expected)
    {
        using IHost host = BuildHost(options => options.Reactor = kind);
        await host.StartAsync().WaitAsync(Limit);
        Assert.IsType(expected, host.Services.GetRequiredService<IReactor>());
        await host.StopAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task DefaultReactor_IsThePlatformDefault()
    {
        using IHost host = BuildHost();
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        IReactor probe = Reactor.CreateDefault();
        Type platformDefault = probe.GetType();
        (probe as IDisposable)?.Dispose();
        Assert.IsType(platformDefault, reactor);
        await host.StartAsync().WaitAsync(Limit);
        await host.StopAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task ReactorFactory_IsUsed_WithTheConfiguredLoggerCategory()
    {
        var logs = new CapturingLoggerProvider();
        IReactor? made = null;
        using IHost host = BuildHost(options =>
        {
            options.LoggerCategory = "My.Reactor";
            options.ReactorFactory = logger =>
            {
                logger.LogInformation("factory called");
                return made = new SelectReactor(logger);
            };
        }, logs);
        IReactor resolved = host.Services.GetRequiredService<IReactor>();
        Assert.NotNull(made);
        Assert.Same(made, resolved);
        Assert.Contains(logs.Records, r => r.Category == "My.Reactor" && r.Message == "factory called");
        await host.StartAsync().WaitAsync(Limit);
        await host.StopAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task HostedServicesRegisteredAfterAddTorsion_FindTheReactorRunning()
    {
        bool? runningAtStart = null;
        using IHost host = BuildHost(services: services => services.AddHostedService(provider => new ProbeService(provider.GetRequiredService<IReactor>(), r => runningAtStart = r)));
        await host.StartAsync().WaitAsync(Limit);
        Assert.True(runningAtStart);
        await host.StopAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task ReactorThatCannotRun_FailsTheHostStart()
    {
        var used = new PollReactor();
        used.CallWhenRunning(used.Stop);
        used.Run(installSignalHandlers: false);   // a reactor runs once

        int exitCode = Environment.ExitCode;
        try
        {
            using IHost host = BuildHost(options => options.ReactorFactory = _ => used);
            await Assert.ThrowsAsync<ReactorNotRestartableException>(() => host.StartAsync().WaitAsync(Limit));
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task ReactorThatCannotRun_FailsStartAsync_WithoutStoppingTheApplication()
    {
        // Stopping the application while the host is still starting cancels the host's start, which
        // could then end in a TaskCanceledException instead of the reactor's failure (a race that
        // made the host-level test above fail once): the failure must reach StartAsync alone.
        var used = new PollReactor();
        used.CallWhenRunning(used.Stop);
        used.Run(installSignalHandlers: false);   // a reactor runs once

        int exitCode = Environment.ExitCode;
        var lifetime = new RecordingLifetime();
        try
        {
            using var service = new ReactorHostedService(used, new TorsionHostOptions(), lifetime: lifetime);
            await Assert.ThrowsAsync<ReactorNotRestartableException>(() => service.StartAsync(CancellationToken.None).WaitAsync(Limit));
            await service.Completion.WaitAsync(Limit);
            Assert.Equal(0, lifetime.StopApplicationCalls);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task HostDisposedWithoutStop_StopsTheReactorGracefullyAndDisposesIt()
    {
        IHost host = BuildHost();
        await host.StartAsync().WaitAsync(Limit);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        ReactorHostedService service = host.Services.GetRequiredService<ReactorHostedService>();
        var events = new ConcurrentQueue<string>();
        reactor.BlockingCallFromThread(() => reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => events.Enqueue("after")));

        host.Dispose();                                        // no StopAsync: the container disposes the reactor

        Assert.False(service.Thread!.IsAlive);
        Assert.Equal(new[] { "after" }, events.ToArray());
        Assert.Throws<ObjectDisposedException>(() => reactor.Run(installSignalHandlers: false));
    }

    [Fact]
    public void AddTorsion_Twice_Throws()
    {
        var services = new ServiceCollection();
        services.AddTorsion();
        var error = Assert.Throws<InvalidOperationException>(() => services.AddTorsion());
        Assert.Contains("one reactor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTorsion_RejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddTorsion(o => o.Reactor = (ReactorKind)42));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddTorsion(o => o.ThreadName = ""));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddTorsion());
    }

    [Fact]
    public void Options_Defaults_LeaveCtrlCToTheHost()
    {
        var options = new TorsionHostOptions();
        Assert.False(options.InstallSignalHandlers);
        Assert.True(options.StopHostWhenReactorStops);
        Assert.False(options.InstallAsGlobalReactor);
        Assert.Equal(ReactorKind.Default, options.Reactor);
    }

    [Fact]
    public async Task InstallAsGlobalReactor_MakesItTheGlobalReactor()
    {
        // The only test in this assembly that touches the process-wide reactor.
        using IHost host = BuildHost(options => options.InstallAsGlobalReactor = true);
        IReactor reactor = host.Services.GetRequiredService<IReactor>();
        Assert.Same(reactor, Reactor.Instance);
        await host.StartAsync().WaitAsync(Limit);
        await host.StopAsync().WaitAsync(Limit);
    }

    private sealed class ProbeService(IReactor reactor, Action<bool> report) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            report(reactor.BlockingCallFromThread(() => reactor.Running));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A host lifetime that only counts <see cref="StopApplication"/> calls.</summary>
    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        private int _stopApplicationCalls;

        public int StopApplicationCalls => Volatile.Read(ref _stopApplicationCalls);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Interlocked.Increment(ref _stopApplicationCalls);
    }
}
