using System.Diagnostics.Metrics;

namespace Edge.Observability.Tests;

public sealed class PrometheusMetricsCollectorTests
{
    private static string UniqueMeter() => "Edge.Test." + Guid.NewGuid().ToString("N");

    [Fact]
    public void Scrape_Counter_IsSummedPerLabelSetWithTotalSuffix()
    {
        var meterName = UniqueMeter();
        using var collector = new PrometheusMetricsCollector([meterName]);
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("edge.test.readings", description: "Readings seen");

        counter.Add(2, new KeyValuePair<string, object?>("gateway", "gw-1"));
        counter.Add(3, new KeyValuePair<string, object?>("gateway", "gw-1"));
        counter.Add(1, new KeyValuePair<string, object?>("gateway", "gw-2"));

        var text = collector.Scrape();
        Assert.Contains("# HELP edge_test_readings_total Readings seen\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE edge_test_readings_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("edge_test_readings_total{gateway=\"gw-1\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("edge_test_readings_total{gateway=\"gw-2\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_ObservableGauge_ReportsTheCurrentValue()
    {
        var meterName = UniqueMeter();
        using var collector = new PrometheusMetricsCollector([meterName]);
        using var meter = new Meter(meterName);
        var depth = 7L;
        meter.CreateObservableGauge("edge.test.depth", () => depth);

        var first = collector.Scrape();
        depth = 3;
        var second = collector.Scrape();

        Assert.Contains("# TYPE edge_test_depth gauge\nedge_test_depth 7\n", first, StringComparison.Ordinal);
        Assert.Contains("edge_test_depth 3\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_Histogram_ReportsCountAndSum()
    {
        var meterName = UniqueMeter();
        using var collector = new PrometheusMetricsCollector([meterName]);
        using var meter = new Meter(meterName);
        var histogram = meter.CreateHistogram<double>("edge.test.latency");

        histogram.Record(0.5);
        histogram.Record(1.5);

        var text = collector.Scrape();
        Assert.Contains("edge_test_latency_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("edge_test_latency_sum 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_LabelValueWithQuotesAndBackslashes_IsEscaped()
    {
        var meterName = UniqueMeter();
        using var collector = new PrometheusMetricsCollector([meterName]);
        using var meter = new Meter(meterName);

        meter.CreateCounter<long>("edge.test.odd").Add(1, new KeyValuePair<string, object?>("why", "a \"b\" \\ c"));

        Assert.Contains("edge_test_odd_total{why=\"a \\\"b\\\" \\\\ c\"} 1\n", collector.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_MeterOutsideThePrefixes_IsLeftOut()
    {
        using var collector = new PrometheusMetricsCollector([UniqueMeter()]);
        using var other = new Meter("Other." + Guid.NewGuid().ToString("N"));

        other.CreateCounter<long>("other.count").Add(1);

        Assert.DoesNotContain("other_count", collector.Scrape(), StringComparison.Ordinal);
    }
}
