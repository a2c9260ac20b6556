using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Edge.Cloud.Bench;

/// <summary>The run's figures on the console and as Markdown and JSON in the results folder (<c>yyyyMMdd-HHmmss-cloud.*</c>).</summary>
internal static class CloudBenchReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(CloudBenchArguments arguments, BenchEnvironment environment, CopyResult copy, IngestResult ingest, QueryResult query)
    {
        var ratio = ingest.ReadingsPerSecond / copy.RowsPerSecond;
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var complete = ingest.Accepted == arguments.Readings && ingest.Stored == arguments.Readings && ingest.Rejected == 0;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Cloud ingest and query, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{arguments.Readings:N0} readings, {arguments.Gateways} gateways, batches of {arguments.Batch}, {arguments.Devices} devices, {arguments.Duplicates:P0} of batches resent; {Environment.ProcessorCount} cores, load {load} at the end, .NET {Environment.Version}");
        text.AppendLine();
        text.AppendLine("| what | figure | target |");
        text.AppendLine("| --- | ---: | --- |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (a) `psql \\copy` into readings, rows/s | {copy.RowsPerSecond:N0} ({copy.Rows:N0} in {copy.Elapsed.TotalSeconds:N1} s) | yardstick |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (b) `POST /api/v1/ingest`, stored readings/s | {ingest.ReadingsPerSecond:N0} ({ingest.Accepted:N0} in {ingest.Elapsed.TotalSeconds:N1} s, {ingest.Requests:N0} requests) | about 100,000 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (b) ratio to (a) | {ratio:N2} | >= 0.60 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (b) duplicates detected, rejected, rows in the table | {ingest.Duplicates:N0}, {ingest.Rejected:N0}, {ingest.Stored:N0} | every reading once: {(complete ? "yes" : "NO")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (c) request to committed rows, p50 / p99 ms | {ingest.P50Ms:N1} / {ingest.P99Ms:N1} | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (d) 30 days of 1-minute data by hour ({query.Rows:N0} rows, {query.Buckets} buckets), p50 / p95 / p99 ms over {query.Queries} queries | {query.P50Ms:N1} / {query.P95Ms:N1} / {query.P99Ms:N1} | p95 < 50 ms |");
        var markdown = text.ToString();
        Console.WriteLine(markdown);

        Directory.CreateDirectory(arguments.ResultsDirectory);
        var stem = Path.Combine(arguments.ResultsDirectory, TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-cloud");
        await File.WriteAllTextAsync(stem + ".md", markdown);
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(
            new { arguments, copy, ingest, ratio, query, load, cores = Environment.ProcessorCount, dotnet = Environment.Version.ToString(), database = environment.PostgresPort },
            Indented));
        Console.WriteLine($"written: {stem}.md, {stem}.json");
    }
}
