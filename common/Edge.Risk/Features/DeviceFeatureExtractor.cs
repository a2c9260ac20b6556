using Edge.Risk.Windows;
using Edge.Telemetry;

namespace Edge.Risk.Features;

/// <summary>
/// One device's rolling windows and the features computed from them. Feed every reading with <see cref="Add"/> (in
/// measurement-time order, or late by up to <see cref="FeatureOptions.MaxLateness"/>: inserted in place and counted in
/// every feature; later ones are ignored and counted in <see cref="TooLate"/>); read <see cref="Snapshot"/> when needed.
/// Not thread-safe: one extractor per device, fed from one place.
/// </summary>
public sealed class DeviceFeatureExtractor
{
    private readonly FeatureOptions _options;
    private readonly RollingWindow _rain;
    private readonly AntecedentPrecipitationIndex _api;
    private readonly RollingWindow _reports;
    private readonly Dictionary<string, RollingWindow> _series = new(StringComparer.Ordinal);

    public DeviceFeatureExtractor(FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _rain = new RollingWindow(options.RainHistory, options.MaxLateness);
        _api = new AntecedentPrecipitationIndex(options.ApiDecayPerDay, options.ApiDays);
        _reports = new RollingWindow(options.CompletenessWindow, options.MaxLateness);
        var trend = Max(options.TrendWindow, options.RateWindow);
        foreach (var metric in new[] { CanonicalMetrics.SoilMoisturePct, CanonicalMetrics.PorePressureKpa, CanonicalMetrics.WaterLevelM, CanonicalMetrics.TiltXDeg, CanonicalMetrics.TiltYDeg })
        {
            _series[metric] = new RollingWindow(trend, options.MaxLateness);
        }

        _series[CanonicalMetrics.DisplacementMm] = new RollingWindow(options.RateWindow * 2, options.MaxLateness);
    }

    /// <summary>Readings ignored because they came later than the lateness allows.</summary>
    public long TooLate => _reports.TooLate;

    /// <summary>Adds one report: its measurement time and its canonical values (other metrics are ignored).</summary>
    public void Add(DateTimeOffset ts, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_reports.Add(ts, 1) == WindowAdd.TooLate)
        {
            return;
        }

        if (values.TryGetValue(CanonicalMetrics.RainMm, out var rain))
        {
            var added = _rain.Add(ts, rain, out var replaced);
            if (added is WindowAdd.Appended or WindowAdd.InsertedLate or WindowAdd.Replaced)
            {
                _api.Add(ts, rain - replaced);
            }
        }

        foreach (var (metric, window) in _series)
        {
            if (values.TryGetValue(metric, out var value))
            {
                window.Add(ts, value);
            }
        }
    }

    /// <summary>
    /// The features over the windows ending at the newest reading; completeness over the window ending at
    /// <paramref name="now"/> (or the newest reading, whichever is later), so a silent device's completeness falls.
    /// </summary>
    public DeviceFeatures Snapshot(DateTimeOffset now)
    {
        var asOf = _reports.Newest is { } newest && newest > now ? newest : now;
        var rate = _options.RateWindow;
        return new DeviceFeatures
        {
            AsOf = asOf,
            Rain1hMm = RainSum(TimeSpan.FromHours(1)),
            Rain3hMm = RainSum(TimeSpan.FromHours(3)),
            Rain24hMm = RainSum(TimeSpan.FromHours(24)),
            Rain72hMm = RainSum(TimeSpan.FromHours(72)),
            LatestRainfallEvent = _rain.Count == 0 ? null : RainfallEvents.Segment(_rain.Items, _options.DryGap, _options.ReportInterval, asOf) is [.., var latest] ? latest : null,
            AntecedentPrecipitationIndexMm = _rain.Count == 0 ? null : _api.ValueAt(asOf),
            SoilMoisturePct = Latest(CanonicalMetrics.SoilMoisturePct),
            SoilMoistureTrendPctPerHour = Slope(CanonicalMetrics.SoilMoisturePct, _options.TrendWindow),
            PorePressureKpa = Latest(CanonicalMetrics.PorePressureKpa),
            PorePressureTrendKpaPerHour = Slope(CanonicalMetrics.PorePressureKpa, _options.TrendWindow),
            DisplacementVelocityMmPerHour = Slope(CanonicalMetrics.DisplacementMm, rate),
            DisplacementAccelerationMmPerHour2 = Acceleration(),
            TiltRateDegPerHour = TiltRate(),
            WaterLevelM = Latest(CanonicalMetrics.WaterLevelM),
            WaterLevelRiseMPerHour = Slope(CanonicalMetrics.WaterLevelM, rate),
            Completeness = Completeness(asOf),
        };
    }

    private double? RainSum(TimeSpan length) => _rain.Count == 0 ? null : _rain.SumOfLast(length);

    private double? Latest(string metric) => _series[metric].Items is [.., var last] ? last.Value : null;

    private double? Slope(string metric, TimeSpan length) => LineFit.Of(_series[metric].Last(length))?.Slope;

    private double? Acceleration()
    {
        var window = _series[CanonicalMetrics.DisplacementMm];
        if (window.Newest is not { } newest)
        {
            return null;
        }

        var rate = _options.RateWindow;
        var last = LineFit.Of(window.Between(newest - rate, newest));
        var previous = LineFit.Of(window.Between(newest - (rate * 2), newest - rate));
        return last is { } l && previous is { } p ? (l.Slope - p.Slope) / rate.TotalHours : null;
    }

    private double? TiltRate()
    {
        var x = Slope(CanonicalMetrics.TiltXDeg, _options.RateWindow);
        var y = Slope(CanonicalMetrics.TiltYDeg, _options.RateWindow);
        return x is null && y is null ? null : Math.Sqrt(Math.Pow(x ?? 0, 2) + Math.Pow(y ?? 0, 2));
    }

    private double Completeness(DateTimeOffset asOf)
    {
        var window = _options.CompletenessWindow;
        var received = _reports.Between(asOf - window, asOf).Length;
        var first = _reports.Items is [var oldest, ..] ? oldest.Ts : asOf;
        var observed = Min(window, asOf - first + _options.ReportInterval);
        var expected = Math.Max(1, Math.Floor(observed / _options.ReportInterval));
        return Math.Min(1, received / expected);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
