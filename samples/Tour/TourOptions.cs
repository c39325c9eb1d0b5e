using System;

namespace Torsion.Samples.Tour;

/// <summary>Command-line options shared by every section of the Tour.</summary>
public sealed class TourOptions
{
    /// <summary>True with <c>--fast</c>: every delay is divided by 100 so the whole Tour runs in seconds.</summary>
    public bool Fast { get; init; }

    /// <summary>Scales a delay from the tutorial: as written, or a hundredth of it with <c>--fast</c>.</summary>
    public TimeSpan Delay(double seconds) => TimeSpan.FromSeconds(Fast ? seconds / 100 : seconds);
}
