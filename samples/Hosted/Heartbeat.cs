using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Torsion;

namespace Torsion.Samples.Hosted;

/// <summary>
/// A hosted service that uses the injected reactor: a <see cref="LoopingCall"/> prints a beat every interval,
/// a "before shutdown" trigger says goodbye (and holds the shutdown for a moment with a Deferred), and after
/// the configured number of beats the reactor stops itself, which stops the host.
/// </summary>
public sealed class Heartbeat(IReactor reactor, HeartbeatSettings settings) : IHostedService
{
    private int _beats;

    /// <summary>Sets everything up on the reactor thread (the only thread reactor methods may be called on).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        reactor.CallFromThread(Start);
        return Task.CompletedTask;
    }

    /// <summary>Nothing to do: the reactor's shutdown triggers run when the host stops it.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Start()
    {
        Console.WriteLine($"reactor running on thread '{Thread.CurrentThread.Name}'");
        var loop = new LoopingCall(reactor, Beat);
        reactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () =>
        {
            Console.WriteLine($"shutting down after {_beats} beats");
            loop.Stop();

            // A Deferred returned by a "before" trigger holds the shutdown until it fires.
            return reactor.DeferLater(TimeSpan.FromMilliseconds(100), () => Console.WriteLine("goodbye"));
        });
        reactor.AddSystemEventTrigger(SystemEventPhase.After, SystemEvents.Shutdown, () => Console.WriteLine("reactor stopped"));

        loop.Start(settings.Interval, now: false);
    }

    private void Beat()
    {
        _beats++;
        Console.WriteLine($"beat {_beats}");
        if (_beats == settings.Beats)
        {
            reactor.Stop();
        }
    }
}
