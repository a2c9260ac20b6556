namespace Edge.Risk.Features;

/// <summary>
/// A run of rain with no dry stretch of the dry gap or longer inside it. <see cref="Start"/> is the start of the first
/// wet report's interval (the rain fell since the previous report), <see cref="End"/> the last wet report.
/// <see cref="Ongoing"/>: the dry gap has not yet passed since <see cref="End"/>. <see cref="Truncated"/>: the event
/// began before the kept rain history, so its duration and depth are lower bounds.
/// </summary>
public sealed record RainfallEvent(DateTimeOffset Start, DateTimeOffset End, double DepthMm, bool Ongoing, bool Truncated)
{
    public double DurationHours => (End - Start).TotalHours;

    /// <summary>Mean intensity over the event, mm/h.</summary>
    public double MeanIntensityMmPerHour => DurationHours > 0 ? DepthMm / DurationHours : 0;
}
