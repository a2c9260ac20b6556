using Edge.Risk.Features;

namespace Edge.Risk.Indicators;

/// <summary>
/// An empirical rainfall intensity-duration threshold I = A * D^-B (I mean event intensity in mm/h, D event duration in
/// hours), valid for <see cref="MinDurationHours"/> &lt; D &lt; <see cref="MaxDurationHours"/>; outside that range it
/// answers <see cref="ThresholdVerdict.NotApplicable"/> rather than extrapolate. Regions supply their own parameters;
/// the defaults are the published curves in docs/risk.md.
/// </summary>
public sealed record IntensityDurationThreshold(string Name, double A, double B, double MinDurationHours, double MaxDurationHours, string Source)
{
    /// <summary>Caine (1980), worldwide shallow landslides and debris flows: I = 14.82 D^-0.39, 0.167 h &lt; D &lt; 500 h.</summary>
    public static readonly IntensityDurationThreshold Caine1980 = new(
        "Caine 1980", 14.82, 0.39, 0.167, 500,
        "Caine, N. (1980). The rainfall intensity-duration control of shallow landslides and debris flows. Geografiska Annaler A 62(1/2), 23-27.");

    /// <summary>Guzzetti et al. (2008), global minimum threshold: I = 2.20 D^-0.44, 0.1 h &lt; D &lt; 1000 h.</summary>
    public static readonly IntensityDurationThreshold Guzzetti2008Global = new(
        "Guzzetti et al. 2008 global", 2.20, 0.44, 0.1, 1000,
        "Guzzetti, F., Peruccacci, S., Rossi, M., Stark, C. P. (2008). The rainfall intensity-duration control of shallow landslides and debris flows: an update. Landslides 5(1), 3-17.");

    /// <summary>The curve's intensity at <paramref name="durationHours"/>, mm/h.</summary>
    public double IntensityAt(double durationHours) => A * Math.Pow(durationHours, -B);

    /// <summary>Judges a mean intensity sustained over a duration.</summary>
    public ThresholdAssessment Assess(double durationHours, double meanIntensityMmPerHour)
    {
        if (!double.IsFinite(durationHours) || durationHours <= MinDurationHours || durationHours >= MaxDurationHours)
        {
            return new ThresholdAssessment(this, durationHours, meanIntensityMmPerHour, ThresholdVerdict.NotApplicable, null);
        }

        var threshold = IntensityAt(durationHours);
        var verdict = meanIntensityMmPerHour >= threshold ? ThresholdVerdict.Exceeded : ThresholdVerdict.Below;
        return new ThresholdAssessment(this, durationHours, meanIntensityMmPerHour, verdict, threshold);
    }

    /// <summary>Judges a rainfall event by its duration and mean intensity.</summary>
    public ThresholdAssessment Assess(RainfallEvent rainfall)
    {
        ArgumentNullException.ThrowIfNull(rainfall);
        return Assess(rainfall.DurationHours, rainfall.MeanIntensityMmPerHour);
    }
}
