namespace Edge.FirmwareSim.Sensors;

/// <summary>
/// Smooth random variation around a mean: an Ornstein-Uhlenbeck process sampled once per model step. It wanders with
/// the given standard deviation and forgets its past over <c>timescale</c>, so each step changes it only a little.
/// </summary>
internal sealed class MeanReverting
{
    private readonly double _mean;
    private readonly double _persistence;
    private readonly double _stepDeviation;

    public MeanReverting(SimRandom random, double mean, double standardDeviation, TimeSpan timescale, TimeSpan step)
    {
        _mean = mean;
        _persistence = Math.Exp(-step / timescale);
        _stepDeviation = standardDeviation * Math.Sqrt(1 - (_persistence * _persistence));
        Value = mean + (standardDeviation * random.NextGaussian());
    }

    public double Value { get; private set; }

    public double Next(SimRandom random)
    {
        Value = _mean + (_persistence * (Value - _mean)) + (_stepDeviation * random.NextGaussian());
        return Value;
    }
}
