namespace Edge.Risk.Indicators;

/// <summary>Whether the inverse-velocity method found a credible trend, and if not, why.</summary>
public enum InverseVelocityStatus
{
    /// <summary>1/v falls along a line, significantly and with R^2 above the threshold: a forecast is given.</summary>
    Credible,

    /// <summary>Fewer velocity samples in the accelerating phase than asked for.</summary>
    NotEnoughPoints,

    /// <summary>Velocity not positive throughout, or not increasing significantly: no accelerating creep.</summary>
    NotAccelerating,

    /// <summary>1/v is falling but does not follow a line well enough (R^2 below the threshold).</summary>
    PoorFit,
}
