namespace Edge.Gateway.Bench.Reporting;

/// <summary>
/// One target's figure beside its yardstick, each the median of its runs. <see cref="Ratio"/> is the figure over the
/// yardstick; the target says which way is better. Loads are the 1-minute load averages read around the runs.
/// </summary>
internal sealed record TargetResult(
    string Scenario,
    string What,
    string Unit,
    double Figure,
    IReadOnlyList<double> Runs,
    string Yardstick,
    double? YardstickFigure,
    IReadOnlyList<double> YardstickRuns,
    string Target,
    bool? Met,
    double LoadMin,
    double LoadMax,
    string? Note = null)
{
    public double? Ratio => YardstickFigure is > 0 && double.IsFinite(Figure) ? Figure / YardstickFigure : null;
}

/// <summary>A figure without a target (a diagnosis, a side measurement).</summary>
internal sealed record Figure(string Scenario, string Name, double Value, string Unit, string? Note = null);

/// <summary>One sample of a time series (resident memory, progress).</summary>
internal sealed record Sample(string Scenario, string Series, double Seconds, double Value, double Load);

/// <summary>Everything one invocation measured; written as JSON and Markdown under bench/results/.</summary>
internal sealed class BenchReport
{
    public required string Command { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string BrokerConfiguration { get; init; }

    public List<TargetResult> Targets { get; } = [];

    public List<Figure> Figures { get; } = [];

    public List<Sample> Samples { get; } = [];

    public List<string> Notes { get; } = [];
}
