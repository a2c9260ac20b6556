namespace Edge.Risk.Indicators;

/// <summary>
/// The inverse-velocity method's answer. When <see cref="Status"/> is <see cref="InverseVelocityStatus.Credible"/>,
/// <see cref="PredictedFailure"/> is where the fitted 1/v line reaches zero and [<see cref="Earliest"/>,
/// <see cref="Latest"/>] its confidence band; otherwise the three are null and the fit (if any) is the evidence.
/// </summary>
public sealed record FailureForecast(
    InverseVelocityStatus Status,
    int Points,
    DateTimeOffset? PhaseStart,
    double? RSquared,
    double? InverseVelocitySlope,
    DateTimeOffset? PredictedFailure,
    DateTimeOffset? Earliest,
    DateTimeOffset? Latest)
{
    public TimeSpan? BandWidth => Latest - Earliest;
}
