namespace Edge.Mqtt.Bench.Reporting;

/// <summary>
/// One figure of Edge.Mqtt beside the same figure of Mosquitto's C clients (<see cref="Yardstick"/> says which and
/// how), each the median of its runs.
/// <see cref="Ratio"/> is ours divided by theirs (for throughput higher is better, for latency lower is better).
/// </summary>
internal sealed record Comparison(
    string Benchmark,
    string Case,
    string Metric,
    string Unit,
    double Ours,
    double Theirs,
    string Yardstick,
    string Target,
    bool? Met,
    IReadOnlyList<double> OursRuns,
    IReadOnlyList<double> TheirRuns,
    string? Note = null)
{
    public double? Ratio => Theirs > 0 && double.IsFinite(Ours) ? Ours / Theirs : null;
}

/// <summary>A figure of Edge.Mqtt alone (allocations, memory).</summary>
internal sealed record Figure(string Benchmark, string Name, double Value, string Unit, string? Note = null);

/// <summary>One sample of the memory run.</summary>
internal sealed record MemorySample(double Minutes, long WorkingSetBytes, long GcHeapBytes, long GcHeapAfterLastGcBytes, long BrokerResidentBytes, long Delivered, double LoadAverage);

/// <summary>Everything one invocation measured; written as JSON and Markdown under bench/results/.</summary>
internal sealed class BenchReport
{
    public required string Command { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string BrokerConfiguration { get; init; }

    public List<Comparison> Comparisons { get; } = [];

    public List<Figure> Figures { get; } = [];

    public List<MemorySample> MemorySamples { get; } = [];

    public List<string> Notes { get; } = [];
}
