using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Torsion.Hosting;

/// <summary>Adds a Torsion reactor to a .NET generic host.</summary>
public static class TorsionServiceCollectionExtensions
{
    /// <summary>
    /// Runs a reactor as a hosted service (<see cref="ReactorHostedService"/>): on its own thread from host
    /// start to host stop, logging through the host's <see cref="ILogger"/>, and stopping the host when it
    /// stops by itself. Registers the reactor as <see cref="IReactor"/>, <see cref="IReactorCore"/>,
    /// <see cref="IReactorTime"/> and <see cref="IReactorThreads"/>, so services can take it in their
    /// constructors. Call it before adding hosted services that use the reactor, so that it runs when they start.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options (reactor kind, signal handlers, ...); null for the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">AddTorsion was already called on these services: a host runs one reactor.</exception>
    /// <exception cref="ArgumentException">The configured options are not valid.</exception>
    public static IServiceCollection AddTorsion(this IServiceCollection services, Action<TorsionHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ReactorHostedService))
            {
                throw new InvalidOperationException("AddTorsion was already called on these services: a host runs one reactor.");
            }
        }

        var options = new TorsionHostOptions();
        configure?.Invoke(options);
        options.Validate();

        // The container owns the reactor (created before the service, so disposed after it: the service has
        // stopped the reactor's thread by then).
        services.AddSingleton(options);
        services.AddSingleton(provider => ReactorHostedService.CreateReactor(options, provider.GetService<ILoggerFactory>()));
        services.AddSingleton(provider => new ReactorHostedService(
            provider.GetRequiredService<IReactor>(),
            options,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(provider => provider.GetRequiredService<ReactorHostedService>());
        services.AddSingleton<IReactorCore>(provider => provider.GetRequiredService<IReactor>());
        services.AddSingleton<IReactorTime>(provider => provider.GetRequiredService<IReactor>());
        services.AddSingleton<IReactorThreads>(provider => provider.GetRequiredService<IReactor>());
        return services;
    }
}
