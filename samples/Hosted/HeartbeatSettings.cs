using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Torsion.Samples.Hosted;

/// <summary>How often the heartbeat beats and how many beats it stops after (0: never).</summary>
/// <param name="Beats">The number of beats after which the reactor stops; 0 to beat until the host stops.</param>
/// <param name="Interval">The time between beats.</param>
public sealed record HeartbeatSettings(int Beats, TimeSpan Interval)
{
    /// <summary>Reads <c>beats</c> and <c>interval-ms</c> from the host's configuration (the command line included).</summary>
    /// <exception cref="ArgumentException">A value is not a non-negative whole number, or the interval is zero.</exception>
    public static HeartbeatSettings From(IConfiguration configuration)
    {
        int beats = Read(configuration, "beats", 0);
        int intervalMs = Read(configuration, "interval-ms", 500);
        if (intervalMs == 0)
        {
            throw new ArgumentException("--interval-ms must be at least 1.");
        }

        return new HeartbeatSettings(beats, TimeSpan.FromMilliseconds(intervalMs));
    }

    private static int Read(IConfiguration configuration, string key, int fallback)
    {
        string? text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"--{key} must be a non-negative whole number, not '{text}'.");
    }
}
