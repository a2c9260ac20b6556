using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Edge.Cloud.Readings;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Npgsql;

namespace Edge.Cloud.Tests.Readings;

/// <summary>
/// The hourly rollup kept by ingest answers exactly as aggregating the stored readings does, for random readings
/// arriving out of time order, resent, refused as absurd or as reusing an id, and sharing a measurement time.
/// </summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class HourlyRollupTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private static readonly string[] Devices = ["hr-a", "hr-b"];
    private static readonly DateTimeOffset First = TestData.Now.AddHours(-30);
    private readonly CloudApp _app = cloud.App;

    // Every hour's rollup row as ingest left it, against the same aggregate computed afresh from the readings.
    private const string RollupDifferences = """
        WITH fresh AS (
            SELECT r.tenant_id, r.device_id, m.key AS metric, date_bin('1 hour', r.ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                   min(m.value::float8) AS min, max(m.value::float8) AS max, sum(m.value::float8) AS sum, count(*) AS count,
                   (array_agg(r.ts ORDER BY r.ts DESC, r.id DESC))[1] AS last_ts, (array_agg(r.id ORDER BY r.ts DESC, r.id DESC))[1] AS last_id,
                   (array_agg(m.value::float8 ORDER BY r.ts DESC, r.id DESC))[1] AS last
            FROM readings r, jsonb_each_text(r."values") AS m
            GROUP BY 1, 2, 3, 4
        )
        SELECT count(*) FROM readings_hourly h FULL JOIN fresh f USING (tenant_id, device_id, metric, hour)
        WHERE h.count IS DISTINCT FROM f.count OR h.min IS DISTINCT FROM f.min OR h.max IS DISTINCT FROM f.max
           OR h.last IS DISTINCT FROM f.last OR h.last_ts IS DISTINCT FROM f.last_ts OR h.last_id IS DISTINCT FROM f.last_id
           OR abs(h.sum - f.sum) > 1e-9 * greatest(1, abs(f.sum))
        """;

    public async Task InitializeAsync()
    {
        var random = new Random(20261122);
        var readings = new List<Reading>();
        for (var seq = 1; seq <= 600; seq++)
        {
            // Times at random over 31 hours, so that later batches bring late readings into earlier hours; every
            // tenth shares the previous reading's time (the id breaks the tie for `last`); about 3% are absurd.
            var ts = seq % 10 == 0 ? readings[^1].Ts : First.AddSeconds(random.Next(31 * 3600));
            var values = new List<(string, double)>();
            if (random.Next(4) > 0)
            {
                values.Add(("water_level_m", random.Next(100) < 3 ? 250 : Math.Round(random.NextDouble() * 5, 3)));
            }

            if (values.Count == 0 || random.Next(2) == 0)
            {
                values.Add(("rain_mm", Math.Round(random.NextDouble() * 40, 2)));
            }

            readings.Add(TestData.Reading(CloudApp.GatewayId, seq, Devices[random.Next(Devices.Length)], ts, [.. values]));
        }

        var batches = readings.Chunk(50).ToList();
        foreach (var batch in batches)
        {
            await PostAsync(batch);
        }

        // Resent batches (duplicates) and ids reused for other readings (refused) must leave the rollup as it is.
        await PostAsync(batches[3]);
        await PostAsync(batches[7]);
        await PostAsync(
            TestData.Reading(CloudApp.GatewayId, 5, Devices[0], First.AddMinutes(7), ("water_level_m", 4.9)),
            TestData.Reading(CloudApp.GatewayId, 6, Devices[1], TestData.Now.AddMinutes(59), ("rain_mm", 39)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task PostAsync(params Reading[] readings)
    {
        using var gateway = _app.CreateGatewayClient();
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, readings), TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Ingest_RandomReadingsWithDuplicatesLateAndRefusedOnes_RollupEqualsTheReadingsAggregate()
    {
        Assert.True(await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings_hourly") > 50);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, RollupDifferences));
        Assert.Equal(
            await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE \"values\" ? 'water_level_m'"),
            await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT coalesce(sum(count), 0)::bigint FROM readings_hourly WHERE metric = 'water_level_m'"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings_hourly WHERE max > 100"));
    }

    [Fact]
    public async Task Rebuild_AsTheMigrationBackfillsIt_GivesTheSameRollup()
    {
        await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT readings_hourly_rebuild(@From, @To)", new { From = First.AddMinutes(30), To = TestData.Now });

        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, RollupDifferences));
    }

    [Theory]
    [InlineData("1h", 0, 0)]
    [InlineData("1h", 17, 23)]
    [InlineData("3h", 41, 5)]
    [InlineData("1d", 0, 0)]
    [InlineData("5m", 17, 23)]
    [InlineData("90m", 17, 23)]
    public async Task Get_Bucketed_AnswersAsTheRawQueryDoes(string bucket, int minutesAfterFrom, int minutesAfterTo)
    {
        using var client = await _app.CreateUserClientAsync();
        var from = First.AddHours(1).AddMinutes(minutesAfterFrom);
        var to = TestData.Now.AddHours(1).AddMinutes(minutesAfterTo);
        Assert.True(BucketSize.TryParse(bucket, out var size));

        foreach (var device in Devices)
        {
            foreach (var metric in new[] { "water_level_m", "rain_mm" })
            {
                var body = await client.GetFromJsonAsync<JsonElement>(
                    $"/api/v1/devices/{device}/readings?metric={metric}&bucket={bucket}&from={TestData.Iso(from)}&to={TestData.Iso(to)}");
                var expected = await RawBucketsAsync(device, metric, from, to, size);

                var points = body.GetProperty("points").EnumerateArray().ToList();
                Assert.Equal(expected.Count, points.Count);
                Assert.NotEmpty(points);
                foreach (var (point, raw) in points.Zip(expected))
                {
                    Assert.Equal(new DateTimeOffset(raw.Ts, TimeSpan.Zero), point.GetProperty("ts").GetDateTimeOffset());
                    Assert.Equal(raw.Count, point.GetProperty("count").GetInt64());
                    Assert.Equal(raw.Min, point.GetProperty("min").GetDouble());
                    Assert.Equal(raw.Max, point.GetProperty("max").GetDouble());
                    Assert.Equal(raw.Last, point.GetProperty("last").GetDouble());
                    Assert.Equal(raw.Mean, point.GetProperty("mean").GetDouble(), 9);
                }
            }
        }
    }

    private async Task<List<ReadingsApi.BucketPoint>> RawBucketsAsync(string device, string metric, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        var points = await connection.QueryAsync<ReadingsApi.BucketPoint>(ReadingsApi.SelectBuckets, new
        {
            DeviceId = device,
            Metric = metric,
            From = from.ToUniversalTime(),
            To = to.ToUniversalTime(),
            Bucket = bucket,
        });
        return points.ToList();
    }
}
