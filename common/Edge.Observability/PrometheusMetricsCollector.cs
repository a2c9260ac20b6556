using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Edge.Observability;

/// <summary>
/// Listens to the process's meters whose names start with one of the given prefixes and renders their current values in
/// the Prometheus text exposition format (version 0.0.4): counters as <c>_total</c> sums, up-down counters and gauges
/// as their current value, histograms as count and sum. Tags become labels. Thread-safe.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly IReadOnlyList<string> _meterPrefixes;
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();
    private readonly Lock _scrapeGate = new();

    public PrometheusMetricsCollector(IReadOnlyList<string> meterPrefixes)
    {
        _meterPrefixes = meterPrefixes;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meterPrefixes.Any(prefix => instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values, in the Prometheus text format.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _series.GroupBy(pair => pair.Key.Instrument).OrderBy(group => MetricName(group.Key), StringComparer.Ordinal))
            {
                var instrument = family.Key;
                var (type, suffix) = Describe(instrument);
                var name = MetricName(instrument) + suffix;
                if (!string.IsNullOrEmpty(instrument.Description))
                {
                    text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description.Replace('\n', ' ')).Append('\n');
                }

                text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                foreach (var (key, series) in family.OrderBy(pair => pair.Key.Labels, StringComparer.Ordinal))
                {
                    if (type == "summary")
                    {
                        AppendSample(text, name + "_count", key.Labels, series.Count);
                        AppendSample(text, name + "_sum", key.Labels, series.Value);
                    }
                    else
                    {
                        AppendSample(text, name, key.Labels, series.Value);
                    }
                }
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _series.GetOrAdd((instrument, Labels(tags)), _ => new Series());
        var cumulative = instrument is Counter<long> or Counter<int> or Counter<double> or UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>
            or Histogram<long> or Histogram<int> or Histogram<double>;
        series.Record(value, cumulative);
    }

    private static (string Type, string Suffix) Describe(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => ("counter", "_total"),
        Histogram<long> or Histogram<int> or Histogram<double> => ("summary", string.Empty),
        _ => ("gauge", string.Empty),
    };

    /// <summary><c>edge.gateway.readings.journaled</c> becomes <c>edge_gateway_readings_journaled</c>.</summary>
    internal static string MetricName(Instrument instrument)
    {
        var name = new StringBuilder(instrument.Name.Length);
        foreach (var c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return name.ToString();
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{key.Replace('.', '_')}=\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    private static void AppendSample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private sealed class Series
    {
        private readonly Lock _gate = new();

        public double Value { get; private set; }

        public long Count { get; private set; }

        public void Record(double value, bool cumulative)
        {
            lock (_gate)
            {
                Value = cumulative ? Value + value : value;
                Count++;
            }
        }
    }
}
