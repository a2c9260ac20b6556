namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// Air temperature at the gauge: a daily cycle around a site mean (coolest near dawn, warmest mid-afternoon), cooled
/// by a few degrees while it rains, with slow weather noise. Model time starts at midnight.
/// </summary>
internal sealed class AirTemperature
{
    private readonly double _meanC;
    private readonly double _dailySwingC;
    private readonly double _stepsPerDay;
    private readonly MeanReverting _weather;
    private double _rainCoolingC;
    private long _step;

    public AirTemperature(SimRandom random, TimeSpan step)
    {
        _meanC = random.Uniform(12, 24);
        _dailySwingC = random.Uniform(4, 7);
        _stepsPerDay = TimeSpan.FromDays(1) / step;
        _weather = new MeanReverting(random, 0, 1.5, TimeSpan.FromHours(6), step);
    }

    public double Next(SimRandom random, double rainMmh)
    {
        var hourOfDay = 24 * (_step++ % _stepsPerDay) / _stepsPerDay;
        var daily = -_dailySwingC * Math.Cos(2 * Math.PI * (hourOfDay - 3) / 24);
        _rainCoolingC += (Math.Min(3, 0.3 * rainMmh) - _rainCoolingC) * 0.05;
        var celsius = _meanC + daily - _rainCoolingC + _weather.Next(random);
        return Math.Round(celsius, 1);
    }
}
