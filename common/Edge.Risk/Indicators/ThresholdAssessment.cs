namespace Edge.Risk.Indicators;

/// <summary>
/// A threshold's verdict on an event, with the evidence: the curve's intensity at the event's duration (null when not
/// applicable) and the ratio of the event's intensity to it (above 1 means exceeded).
/// </summary>
public sealed record ThresholdAssessment(
    IntensityDurationThreshold Threshold,
    double DurationHours,
    double MeanIntensityMmPerHour,
    ThresholdVerdict Verdict,
    double? ThresholdIntensityMmPerHour)
{
    public double? Ratio => ThresholdIntensityMmPerHour is { } threshold ? MeanIntensityMmPerHour / threshold : null;
}
