namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// A primary lithium pack as in most field sensors: about 3.7 V full, sagging linearly with the charge used towards
/// 3.3 V, with a few millivolts of load and temperature ripple. A full pack lasts one to three years of reports.
/// </summary>
internal sealed class Battery
{
    private const double EmptyVolts = 3.3;
    private const double SpanVolts = 0.4;
    private readonly double _drainPerStep;
    private readonly MeanReverting _ripple;
    private double _charge;

    public Battery(SimRandom random, TimeSpan step)
    {
        _charge = random.Uniform(0.7, 1.0);
        _drainPerStep = step / TimeSpan.FromDays(365 * random.Uniform(1, 3));
        _ripple = new MeanReverting(random, 0, 0.003, TimeSpan.FromHours(1), step);
    }

    public double Next(SimRandom random)
    {
        _charge = Math.Max(0, _charge - _drainPerStep);
        var volts = EmptyVolts + (SpanVolts * _charge) + _ripple.Next(random);
        return Math.Round(volts, 3);
    }
}
