using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Readings;

[Collection(CloudDatabaseCollection.Name)]
public sealed class ReadingsApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>, IAsyncLifetime
{
    private const string Device = "rl-series";
    private readonly CloudApp _app = cloud.App;

    public async Task InitializeAsync()
    {
        // 60 readings, one a minute from 10:00, water level rising 0.01 m a minute; battery only in the first.
        var readings = Enumerable.Range(0, 60)
            .Select(i => TestData.Reading(CloudApp.GatewayId, 1000 + i, Device, TestData.Now.AddMinutes(i), ("water_level_m", 1 + (0.01 * i))))
            .Prepend(TestData.Reading(CloudApp.GatewayId, 999, Device, TestData.Now, ("battery_v", 3.6)))
            .ToArray();
        using var gateway = _app.CreateGatewayClient();
        (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, readings), TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Window => $"from={TestData.Iso(TestData.Now)}&to={TestData.Iso(TestData.Now.AddHours(1))}";

    [Fact]
    public async Task Get_RawWithMetric_ReturnsThatMetricInTimeOrder()
    {
        using var client = await _app.CreateUserClientAsync();

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{Device}/readings?metric=water_level_m&{Window}");

        var readings = body.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal(60, readings.Count);
        Assert.Equal(1.0, readings[0].GetProperty("values").GetProperty("water_level_m").GetDouble());
        Assert.Equal(1.59, readings[^1].GetProperty("values").GetProperty("water_level_m").GetDouble(), 6);
        Assert.All(readings, r => Assert.Single(r.GetProperty("values").EnumerateObject()));
    }

    [Fact]
    public async Task Get_Bucketed_ReturnsMinMaxMeanLastPerBucket()
    {
        using var client = await _app.CreateUserClientAsync();

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{Device}/readings?metric=water_level_m&bucket=15m&{Window}");

        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, points.Count);
        var first = points[0];
        Assert.Equal(TestData.Now, first.GetProperty("ts").GetDateTimeOffset());
        Assert.Equal(1.0, first.GetProperty("min").GetDouble(), 6);
        Assert.Equal(1.14, first.GetProperty("max").GetDouble(), 6);
        Assert.Equal(1.07, first.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(1.14, first.GetProperty("last").GetDouble(), 6);
        Assert.Equal(15, first.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Get_Bucketed_LastIsTheLatestMeasuredNotTheLatestArrived()
    {
        // A reading measured at 10:05 arrives after one measured at 10:10 (a gateway forwarding its backlog).
        using (var gateway = _app.CreateGatewayClient())
        {
            (await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId,
                TestData.Reading(CloudApp.GatewayId, 2000, "rl-late", TestData.Now.AddMinutes(10), ("water_level_m", 5)),
                TestData.Reading(CloudApp.GatewayId, 2001, "rl-late", TestData.Now.AddMinutes(5), ("water_level_m", 7))), TelemetryJson.Default.IngestBatch)).EnsureSuccessStatusCode();
        }

        using var client = await _app.CreateUserClientAsync();

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/devices/rl-late/readings?metric=water_level_m&bucket=1h&{Window}");

        var point = Assert.Single(body.GetProperty("points").EnumerateArray());
        Assert.Equal((5.0, 7.0, 6.0, 5.0, 2L), (point.GetProperty("min").GetDouble(), point.GetProperty("max").GetDouble(),
            point.GetProperty("mean").GetDouble(), point.GetProperty("last").GetDouble(), point.GetProperty("count").GetInt64()));
    }

    [Theory]
    [InlineData("bucket=5x&metric=water_level_m", "not a size")]
    [InlineData("bucket=5m", "bucket needs a metric")]
    [InlineData("bucket=1s&metric=water_level_m&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "more than 10000 buckets")]
    [InlineData("from=2026-11-21T11:00:00Z&to=2026-11-21T10:00:00Z", "from must be before to")]
    public async Task Get_BadQuery_Is400WithReason(string query, string reason)
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.GetAsync($"/api/v1/devices/{Device}/readings?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
