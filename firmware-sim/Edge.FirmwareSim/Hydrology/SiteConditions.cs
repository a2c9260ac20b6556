using Edge.FirmwareSim.Scenarios;
using Edge.FirmwareSim.Sensors;

namespace Edge.FirmwareSim.Hydrology;

/// <summary>The weather and water of one site in one minute, shared by every sensor there.</summary>
internal readonly record struct SiteState(double RainMmh, double UpstreamRainMmh, double SoilMoisturePct, double PorePressureKpa, double RiverRiseM);

/// <summary>
/// One site cluster's weather and hydrology, minute by minute: rain (the scenario's design storms plus, if it has them,
/// showers), the soil's water balance, the river. Its devices ask for minute k when they take their k-th reading; the
/// series is computed once, in order, and kept, so every device at the site sees the same physics and the values depend
/// only on (seed, site, scenario, minute). Thread-safe.
/// </summary>
internal sealed class SiteConditions
{
    private readonly Lock _lock = new();
    private readonly List<SiteState> _minutes = [];
    private readonly SimRandom _random;
    private readonly RainEpisodes? _showers;
    private readonly IReadOnlyList<DesignStorm> _storms;
    private readonly double _upstreamFactor;
    private readonly SoilWaterBalance _soil;
    private readonly RiverCatchment _river;

    public SiteConditions(ScenarioDefinition scenario, int seed, int site)
    {
        _random = SimRandom.ForSite(seed, site);
        _showers = scenario.Showers ? new RainEpisodes(_random, SensorModels.Step) : null;
        _storms = [.. scenario.Storms.Select(storm => new DesignStorm(storm))];
        _upstreamFactor = scenario.UpstreamRainFactor;
        _soil = new SoilWaterBalance(scenario.InitialSaturation, SensorModels.Step);
        _river = new RiverCatchment(_soil.OutflowMmhAtRest, SensorModels.Step);
        SlopeFailure = scenario.SlopeFailure is { } failure ? new SlopeFailure(failure) : null;
    }

    public SlopeFailure? SlopeFailure { get; }

    /// <summary>The state over minute <paramref name="minute"/> (from 1).</summary>
    public SiteState At(long minute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minute, 1);
        lock (_lock)
        {
            while (_minutes.Count < minute)
            {
                _minutes.Add(Step(_minutes.Count + 1));
            }

            return _minutes[(int)(minute - 1)];
        }
    }

    private SiteState Step(long minute)
    {
        var rain = (_showers?.Next(_random) ?? 0) + _storms.Sum(storm => storm.IntensityMmh(minute));
        _soil.Step(rain);
        _river.Step(_soil.OutflowMmh * _upstreamFactor);
        return new SiteState(rain, rain * _upstreamFactor, _soil.MoisturePct, _soil.PorePressureKpa, _river.RiseM);
    }
}
