using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Edge.Cloud.Bench;

/// <summary>
/// The history chart's query: 30 days of one-minute readings of one device (43,200 rows, loaded by binary COPY, given
/// their weekly partitions as the partition job would and rolled up by hour as ingest would) bucketed by hour through
/// <c>GET /api/v1/devices/{id}/readings?bucket=1h</c>, timed from the request to the whole answer.
/// </summary>
internal static class BucketQuery
{
    private const int Days = 30;

    public static async Task<QueryResult> RunAsync(BenchEnvironment environment, CloudBenchArguments arguments)
    {
        var to = TimeProvider.System.GetUtcNow();
        var from = to.AddDays(-Days);
        await LoadSeriesAsync(environment, from);
        using var client = new HttpClient { BaseAddress = environment.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = BenchEnvironment.Admin, password = environment.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/devices/{BenchEnvironment.SeriesDevice}/readings?metric=water_level_m&bucket=1h&from={from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&to={to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"), UriKind.Relative);

        var buckets = 0;
        var times = new List<double>();
        for (var i = 0; i < arguments.Queries + 10; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(uri);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (i >= 10)
            {
                times.Add(elapsed);
            }

            if (i == 0)
            {
                buckets = CheckBuckets(body);
            }
        }

        var sorted = times.Order().ToArray();
        return new QueryResult(Days * 1440, buckets, sorted.Length, IngestLoad.Percentile(sorted, 0.50), IngestLoad.Percentile(sorted, 0.95), IngestLoad.Percentile(sorted, 0.99));
    }

    /// <summary>The number of hourly buckets, after checking each carries min, max, mean, last and count.</summary>
    private static int CheckBuckets(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var buckets = document.RootElement.GetProperty("points").EnumerateArray().ToList();
        foreach (var bucket in buckets)
        {
            foreach (var field in new[] { "min", "max", "mean", "last", "count" })
            {
                _ = bucket.GetProperty(field);
            }
        }

        return buckets.Count;
    }

    private static async Task LoadSeriesAsync(BenchEnvironment environment, DateTimeOffset from)
    {
        var tenant = await environment.ScalarAsync<Guid>("SELECT tenant_id FROM gateways WHERE id = 'gw-bench-0'");
        await using var connection = new NpgsqlConnection(environment.Database);
        await connection.OpenAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY readings (id, tenant_id, device_id, gateway_id, ts, received_at, source, seq, \"values\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var minute = 0; minute < Days * 1440; minute++)
            {
                var ts = from.AddMinutes(minute);
                await importer.StartRowAsync();
                await importer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"series:{minute}"), NpgsqlDbType.Text);
                await importer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await importer.WriteAsync(BenchEnvironment.SeriesDevice, NpgsqlDbType.Text);
                await importer.WriteAsync("gw-bench-0", NpgsqlDbType.Text);
                await importer.WriteAsync(ts, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(ts, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync("mqtt", NpgsqlDbType.Text);
                await importer.WriteAsync((long)minute, NpgsqlDbType.Bigint);
                await importer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{{\"water_level_m\": {1 + Math.Sin(minute / 600.0)}}}"), NpgsqlDbType.Jsonb);
            }

            await importer.CompleteAsync();
        }

        await using var maintain = new NpgsqlCommand("SELECT readings_ensure_partitions(now(), 4, NULL); SELECT readings_hourly_rebuild(NULL, NULL); ANALYZE readings; ANALYZE readings_hourly;", connection) { CommandTimeout = 600 };
        await maintain.ExecuteNonQueryAsync();
    }
}

internal sealed record QueryResult(int Rows, int Buckets, int Queries, double P50Ms, double P95Ms, double P99Ms);
