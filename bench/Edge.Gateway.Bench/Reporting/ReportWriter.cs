using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Edge.Gateway.Bench.Reporting;

/// <summary>Prints the targets table and writes the report as JSON and Markdown.</summary>
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
        var stem = Path.Combine(directory, $"{report.Started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-gateway-{name}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, Json), CancellationToken.None);
        await File.WriteAllTextAsync(stem + ".md", ToMarkdown(report), CancellationToken.None);
        return stem;
    }

    public static string ToMarkdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Edge gateway benchmark, {report.Started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {report.Machine}  ");
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{report.Command}`");
        md.AppendLine();
        md.Append(TargetTable(report.Targets));
        if (report.Figures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| scenario | figure | value | unit | note |");
            md.AppendLine("| --- | --- | ---: | --- | --- |");
            foreach (var f in report.Figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {f.Name} | {Number(f.Value)} | {f.Unit} | {f.Note} |");
            }
        }

        foreach (var series in report.Samples.GroupBy(s => (s.Scenario, s.Series)))
        {
            md.AppendLine();
            var points = string.Join(", ", series.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:F0}s {Number(s.Value)} (load {s.Load:F1})")));
            md.AppendLine(CultureInfo.InvariantCulture, $"{series.Key.Scenario}, {series.Key.Series}: {points}");
        }

        foreach (var note in report.Notes)
        {
            md.AppendLine();
            md.AppendLine(note);
        }

        md.AppendLine();
        md.AppendLine("Village broker configuration:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(report.BrokerConfiguration);
        md.AppendLine("```");
        return md.ToString();
    }

    public static string TargetTable(IEnumerable<TargetResult> targets)
    {
        var md = new StringBuilder();
        md.AppendLine("| scenario | what | gateway | yardstick | yardstick figure | ratio | target | met | runs (gateway / yardstick) | load | note |");
        md.AppendLine("| --- | --- | ---: | --- | ---: | ---: | --- | --- | --- | --- | --- |");
        foreach (var t in targets)
        {
            var met = t.Met switch { true => "yes", false => "**no**", null => "-" };
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Scenario} | {t.What} ({t.Unit}) | {Number(t.Figure)} | {t.Yardstick} | {(t.YardstickFigure is { } y ? Number(y) : "-")} | {(t.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-")} | {t.Target} | {met} | {Runs(t.Runs)} / {Runs(t.YardstickRuns)} | {t.LoadMin:F1}–{t.LoadMax:F1} | {t.Note} |");
        }

        return md.ToString();
    }

    public static string Number(double value) => !double.IsFinite(value) ? "-"
        : Math.Abs(value) >= 1000 || value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Runs(IReadOnlyList<double> runs) => runs.Count == 0 ? "-" : string.Join(", ", runs.Select(Number));
}
