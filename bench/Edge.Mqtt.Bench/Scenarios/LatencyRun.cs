using System.Globalization;

namespace Edge.Mqtt.Bench.Scenarios;

/// <summary>The latencies of one run, in microseconds, warm-up excluded.</summary>
/// <remarks>For an Edge.Mqtt run, the garbage collections of this process during the run and their total pause.</remarks>
internal sealed record LatencyRun(double P50, double P99, double P999, double Max, int Samples, int Lost)
{
    public int? Collections { get; init; }

    public double? GcPauseMilliseconds { get; init; }

    public static LatencyRun From(IEnumerable<double> microseconds, int expected)
    {
        var sorted = microseconds.Order().ToArray();
        return new LatencyRun(
            Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99), Stats.Percentile(sorted, 99.9),
            sorted.Length > 0 ? sorted[^1] : double.NaN, sorted.Length, expected - sorted.Length);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50:F0} µs, p99 {P99:F0} µs, p99.9 {P999:F0} µs, max {Max:F0} µs ({Samples} samples, {Lost} lost)")
        + (Collections is { } gcs ? string.Create(CultureInfo.InvariantCulture, $"; {gcs} GCs, {GcPauseMilliseconds:F1} ms paused in all") : string.Empty);
}
