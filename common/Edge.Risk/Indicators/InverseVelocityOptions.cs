namespace Edge.Risk.Indicators;

/// <summary>When the inverse-velocity method answers (docs/risk.md, "Inverse velocity").</summary>
public sealed record InverseVelocityOptions
{
    /// <summary>Fewest velocity samples in the accelerating phase for a forecast.</summary>
    public int MinPoints { get; init; } = 6;

    /// <summary>Least R^2 of the straight line through 1/v against time.</summary>
    public double MinRSquared { get; init; } = 0.8;

    /// <summary>Two-sided confidence of the failure-time band, and of the test that 1/v is falling.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Velocity is taken over this many reports (1: between consecutive readings); more smooths noise.</summary>
    public int ReportsPerVelocity { get; init; } = 1;
}
