namespace Edge.Risk.Features;

/// <summary>
/// One device's features at <see cref="AsOf"/>. A feature is null when the device does not report its metric or has
/// too few readings in the feature's window (a rate needs two). Units: mm, mm/h, %, kPa, degrees, m, per hour.
/// </summary>
public sealed record DeviceFeatures
{
    public required DateTimeOffset AsOf { get; init; }

    public double? Rain1hMm { get; init; }

    public double? Rain3hMm { get; init; }

    public double? Rain24hMm { get; init; }

    public double? Rain72hMm { get; init; }

    /// <summary>The latest rainfall event (ongoing or ended) within the kept rain history.</summary>
    public RainfallEvent? LatestRainfallEvent { get; init; }

    /// <summary>Antecedent precipitation index, mm.</summary>
    public double? AntecedentPrecipitationIndexMm { get; init; }

    public double? SoilMoisturePct { get; init; }

    /// <summary>Least-squares slope of soil moisture over the trend window, percentage points per hour.</summary>
    public double? SoilMoistureTrendPctPerHour { get; init; }

    public double? PorePressureKpa { get; init; }

    public double? PorePressureTrendKpaPerHour { get; init; }

    /// <summary>Least-squares slope of cumulative displacement over the rate window, mm/h.</summary>
    public double? DisplacementVelocityMmPerHour { get; init; }

    /// <summary>Change of velocity between the previous and the last rate window, per hour: mm/h^2.</summary>
    public double? DisplacementAccelerationMmPerHour2 { get; init; }

    /// <summary>Magnitude of the tilt_x and tilt_y slopes over the rate window, degrees per hour.</summary>
    public double? TiltRateDegPerHour { get; init; }

    public double? WaterLevelM { get; init; }

    /// <summary>Least-squares slope of the water level over the rate window, m/h (negative when falling).</summary>
    public double? WaterLevelRiseMPerHour { get; init; }

    /// <summary>Reports received over reports expected in the completeness window, 0 to 1.</summary>
    public required double Completeness { get; init; }
}
