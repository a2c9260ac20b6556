namespace Edge.FirmwareSim.Hydrology;

/// <summary>
/// A bucket model of the slope's soil, stepped by the minute. Rain not shed as runoff (10% of it on dry soil, up to 80%
/// on saturated soil: <c>0.1 + 0.7 s^3</c>) enters a wetting-front store that feeds the root zone over 1.5 h (the lag
/// between rain and the probes' response). The root zone holds up to 120 mm (saturation s = storage / 120 mm; volumetric
/// water content 5% + 40% s); it drains to the groundwater at <c>6 s^4</c> mm/h and loses <c>0.08 s</c> mm/h to
/// evapotranspiration; what would overflow it runs off. Groundwater perched on the slip surface empties linearly over
/// 36 h; its head (specific yield 0.05: 50 mm is 1 m) and the soil's suction (<c>60 (1 - s)^2</c> kPa) give the pore
/// pressure <c>9.81 h - suction</c> in kPa.
/// </summary>
internal sealed class SoilWaterBalance
{
    public const double CapacityMm = 120;
    private const double InfiltrationLagH = 1.5;
    private const double DrainageMmh = 6;
    private const double EvapotranspirationMmh = 0.08;
    private const double GroundwaterTimescaleH = 36;
    private const double SpecificYield = 0.05;
    private readonly double _stepH;
    private double _wettingFrontMm;
    private double _storageMm;
    private double _groundwaterMm;

    public SoilWaterBalance(double initialSaturation, TimeSpan step)
    {
        _stepH = step.TotalHours;
        _storageMm = Math.Clamp(initialSaturation, 0, 1) * CapacityMm;
        _groundwaterMm = Drainage(Saturation) * GroundwaterTimescaleH; // in equilibrium with the soil at the start
    }

    public double Saturation => _storageMm / CapacityMm;

    public double MoisturePct => 5 + (40 * Saturation);

    public double PorePressureKpa => (9.81 * _groundwaterMm / (1000 * SpecificYield)) - (60 * Math.Pow(1 - Saturation, 2));

    /// <summary>The outflow before any rain: the starting groundwater's baseflow, mm/h.</summary>
    public double OutflowMmhAtRest => _groundwaterMm / GroundwaterTimescaleH;

    /// <summary>Water leaving the slope towards the river this step, mm/h: surface runoff and groundwater outflow.</summary>
    public double OutflowMmh { get; private set; }

    public void Step(double rainMmh)
    {
        var runoff = rainMmh * (0.1 + (0.7 * Math.Pow(Saturation, 3)));
        var infiltration = _wettingFrontMm / InfiltrationLagH;
        _wettingFrontMm += (rainMmh - runoff - infiltration) * _stepH;
        var drainage = Drainage(Saturation);
        _storageMm += (infiltration - drainage - (EvapotranspirationMmh * Saturation)) * _stepH;
        if (_storageMm > CapacityMm)
        {
            runoff += (_storageMm - CapacityMm) / _stepH;
            _storageMm = CapacityMm;
        }

        _storageMm = Math.Max(0, _storageMm);
        var baseflow = _groundwaterMm / GroundwaterTimescaleH;
        _groundwaterMm += (drainage - baseflow) * _stepH;
        OutflowMmh = runoff + baseflow;
    }

    private static double Drainage(double saturation) => DrainageMmh * Math.Pow(saturation, 4);
}
