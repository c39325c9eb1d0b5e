using System;
using System.Runtime.CompilerServices;

namespace Torsion;

public static partial class ReactorTimeExtensions
{
    private static readonly ConditionalWeakTable<IReactorTime, TimeProvider> TimeProviders = new();

    /// <summary>
    /// The <see cref="TimeProvider"/> on <paramref name="clock"/>'s time, for .NET code that takes one
    /// (<c>Task.Delay(delay, provider)</c>, <c>new CancellationTokenSource(delay, provider)</c>,
    /// <c>new PeriodicTimer(period, provider)</c>): its timers fire on the reactor thread and its clock is the
    /// reactor's (see <see cref="ReactorTimeProvider"/>). A <see cref="Torsion.Testing.Clock"/> is its own
    /// provider, driven by <c>Advance</c>. The same clock always gives the same provider.
    /// </summary>
    /// <param name="clock">The reactor or test clock.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    public static TimeProvider AsTimeProvider(this IReactorTime clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock is TimeProvider provider)
        {
            return provider;
        }

        return TimeProviders.GetValue(clock, static time => new ReactorTimeProvider(time));
    }
}
