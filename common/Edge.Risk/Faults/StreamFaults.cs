using Edge.Telemetry;

namespace Edge.Risk.Faults;

/// <summary>
/// The checks one stream needs nothing else for: stuck value, spikes, out-of-physics jumps and silence (and, for
/// battery_v, a dying battery at <see cref="DefaultBatteryCutoffV"/> within <see cref="DefaultBatteryHorizon"/>). A spike
/// is one bad reading, so the two jumps into and out of it are reported as the spike alone. Drift and disagreement
/// with neighbours need a reference and are called on their own (<see cref="DriftDetector"/>,
/// <see cref="NeighbourDisagreementDetector"/>).
/// </summary>
public static class StreamFaults
{
    public const double DefaultBatteryCutoffV = 3.3;
    public static readonly TimeSpan DefaultBatteryHorizon = TimeSpan.FromDays(7);

    /// <summary>The faults of one metric's recent readings (oldest first), judged at <paramref name="now"/>.</summary>
    public static IReadOnlyList<SensorFault> Detect(MetricFaultProfile profile, ReadOnlySpan<TimedValue> series, DateTimeOffset now, TimeSpan reportInterval)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var faults = new List<SensorFault>();
        if (!series.IsEmpty && SilenceDetector.Detect(profile.Metric, series[^1].Ts, now, reportInterval) is { } silence)
        {
            faults.Add(silence);
        }

        if (StuckValueDetector.Detect(profile, series) is { } stuck)
        {
            faults.Add(stuck);
        }

        var spikes = SpikeDetector.Detect(profile, series);
        faults.AddRange(spikes);
        var spikeTimes = spikes.Select(spike => spike.At).ToHashSet();
        var spiked = new HashSet<DateTimeOffset>();
        for (var i = 0; i < series.Length; i++)
        {
            if (spikeTimes.Contains(series[i].Ts))
            {
                spiked.Add(series[i].Ts);
                if (i + 1 < series.Length)
                {
                    spiked.Add(series[i + 1].Ts);
                }
            }
        }

        faults.AddRange(OutOfPhysicsJumpDetector.Detect(profile, series).Where(jump => !spiked.Contains(jump.At)));
        if (profile.Metric == CanonicalMetrics.BatteryV && DyingBatteryDetector.Detect(series, DefaultBatteryCutoffV, DefaultBatteryHorizon) is { } battery)
        {
            faults.Add(battery);
        }

        return faults;
    }
}
