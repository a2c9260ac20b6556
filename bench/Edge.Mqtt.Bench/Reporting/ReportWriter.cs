using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Edge.Mqtt.Bench.Reporting;

/// <summary>Prints the comparison table and writes the report as JSON and Markdown.</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<string> WriteAsync(BenchReport report, string directory, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{report.Started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{name}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, Json), cancellationToken);
        await File.WriteAllTextAsync(stem + ".md", ToMarkdown(report), cancellationToken);
        return stem;
    }

    public static string ToMarkdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Edge.Mqtt benchmark, {report.Started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {report.Machine}  ");
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{report.Command}`");
        md.AppendLine();
        md.Append(ComparisonTable(report.Comparisons));
        if (report.Figures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| benchmark | figure | value | unit | note |");
            md.AppendLine("| --- | --- | ---: | --- | --- |");
            foreach (var f in report.Figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Benchmark} | {f.Name} | {Number(f.Value)} | {f.Unit} | {f.Note} |");
            }
        }

        if (report.MemorySamples.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| minute | working set MiB | GC heap MiB | GC heap after last GC MiB | broker RSS MiB | delivered | load |");
            md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var s in report.MemorySamples)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {s.Minutes:F2} | {Mib(s.WorkingSetBytes)} | {Mib(s.GcHeapBytes)} | {Mib(s.GcHeapAfterLastGcBytes)} | {Mib(s.BrokerResidentBytes)} | {s.Delivered} | {s.LoadAverage:F1} |");
            }
        }

        foreach (var note in report.Notes)
        {
            md.AppendLine();
            md.AppendLine(note);
        }

        md.AppendLine();
        md.AppendLine("Broker configuration:");
        md.AppendLine();
        md.AppendLine("```");
        md.Append(report.BrokerConfiguration);
        md.AppendLine("```");
        return md.ToString();
    }

    public static string ComparisonTable(IEnumerable<Comparison> comparisons)
    {
        var md = new StringBuilder();
        md.AppendLine("| benchmark | case | metric | Edge.Mqtt | C client | ratio | target | met | yardstick | runs (ours / C) | note |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |");
        foreach (var c in comparisons)
        {
            var met = c.Met switch { true => "yes", false => "**no**", null => "-" };
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Benchmark} | {c.Case} | {c.Metric} ({c.Unit}) | {Number(c.Ours)} | {Number(c.Theirs)} | {(c.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-")} | {c.Target} | {met} | {c.Yardstick} | {Runs(c.OursRuns)} / {Runs(c.TheirRuns)} | {c.Note} |");
        }

        return md.ToString();
    }

    public static string Number(double value) => !double.IsFinite(value) ? "-"
        : value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Runs(IReadOnlyList<double> runs) => string.Join(", ", runs.Select(Number));

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture);
}
