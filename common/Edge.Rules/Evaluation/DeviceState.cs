namespace Edge.Rules.Evaluation;

/// <summary>What the engine keeps about one device: its kind, newest measurement time, last receipt, and its tracks by metric.</summary>
internal sealed class DeviceState(string id)
{
    public string Id { get; } = id;

    public string? Kind { get; set; }

    /// <summary>Newest measurement time seen (UTC ticks), <see cref="long.MinValue"/> before the first reading.</summary>
    public long MaxTs { get; set; } = long.MinValue;

    /// <summary>Newest receive time (UTC ticks), <see cref="long.MinValue"/> when never heard.</summary>
    public long LastHeard { get; set; } = long.MinValue;

    public MetricTracks[] Metrics { get; set; } = [];

    public SilenceTrack[] Silences { get; set; } = [];

    public IEnumerable<AlarmRecord> Records =>
        Metrics.SelectMany(metric => metric.Tracks).Select(track => track.Alarm).Concat(Silences.Select(silence => silence.Alarm));
}

/// <summary>The tracks of one metric of one device: one reading's value goes to each.</summary>
internal sealed class MetricTracks(string metric, SeriesTrack[] tracks)
{
    public string Metric { get; } = metric;

    public SeriesTrack[] Tracks { get; } = tracks;
}
