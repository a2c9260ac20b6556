namespace Edge.Risk.Features;

/// <summary>The windows a <see cref="DeviceFeatureExtractor"/> computes over (docs/risk.md, "Features").</summary>
public sealed class FeatureOptions
{
    /// <summary>The device's configured report interval: completeness counts reports against it.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far behind the device's newest reading a late reading is still taken; later ones are counted and ignored.</summary>
    public TimeSpan MaxLateness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A rainless stretch at least this long ends a rainfall event.</summary>
    public TimeSpan DryGap { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How much rain history is kept: the longest rainfall event measured (a longer one is reported truncated).</summary>
    public TimeSpan RainHistory { get; set; } = TimeSpan.FromHours(96);

    /// <summary>The daily decay k of the antecedent precipitation index, 0 &lt; k &lt; 1.</summary>
    public double ApiDecayPerDay { get; set; } = 0.9;

    /// <summary>Days of daily totals the antecedent precipitation index sums over (the tail beyond weighs k^days).</summary>
    public int ApiDays { get; set; } = 30;

    /// <summary>The window of the soil-moisture and pore-pressure trends (least-squares slope).</summary>
    public TimeSpan TrendWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The window of the rates: displacement velocity (acceleration compares two), tilt rate, river rise.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The window data completeness is measured over.</summary>
    public TimeSpan CompletenessWindow { get; set; } = TimeSpan.FromHours(6);

    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(ReportInterval), ReportInterval), (nameof(DryGap), DryGap), (nameof(RainHistory), RainHistory),
            (nameof(TrendWindow), TrendWindow), (nameof(RateWindow), RateWindow), (nameof(CompletenessWindow), CompletenessWindow),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "positive");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLateness, TimeSpan.Zero);
        if (ApiDecayPerDay is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ApiDecayPerDay), ApiDecayPerDay, "between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ApiDays, 1);
        if (RainHistory < TimeSpan.FromHours(72))
        {
            throw new ArgumentOutOfRangeException(nameof(RainHistory), RainHistory, "at least the 72 h accumulation");
        }
    }
}
