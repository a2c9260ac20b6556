namespace Edge.FirmwareSim.Sensors;

/// <summary>Rain intensity over time: dry spells and rain episodes with a smooth rise and fall (sine squared).</summary>
internal sealed class RainEpisodes
{
    private static readonly TimeSpan MeanDrySpell = TimeSpan.FromHours(8);
    private readonly double _stepsPerHour;
    private readonly MeanReverting _gustiness;
    private int _stepsLeft;
    private int _episodeSteps;
    private double _peakMmh;

    public RainEpisodes(SimRandom random, TimeSpan step)
    {
        _stepsPerHour = TimeSpan.FromHours(1) / step;
        _gustiness = new MeanReverting(random, 0, 0.15, TimeSpan.FromMinutes(20), step);
        _stepsLeft = DrySpellSteps(random);
    }

    private bool IsRaining => _episodeSteps > 0;

    /// <summary>Advances one step; returns the rain intensity in mm/h (zero when dry).</summary>
    public double Next(SimRandom random)
    {
        var gust = Math.Exp(_gustiness.Next(random));
        if (--_stepsLeft > 0)
        {
            return IsRaining ? _peakMmh * Envelope(1 - ((double)_stepsLeft / _episodeSteps)) * gust : 0;
        }

        if (IsRaining)
        {
            _episodeSteps = 0;
            _stepsLeft = DrySpellSteps(random);
        }
        else
        {
            _episodeSteps = _stepsLeft = (int)Math.Ceiling(random.Uniform(0.5, 6) * _stepsPerHour);
            _peakMmh = random.LogUniform(1, 50);
        }

        return 0;
    }

    private static double Envelope(double progress) => Math.Pow(Math.Sin(Math.PI * progress), 2);

    private int DrySpellSteps(SimRandom random) =>
        1 + (int)(-Math.Log(1 - random.NextDouble()) * MeanDrySpell.TotalHours * _stepsPerHour);
}
