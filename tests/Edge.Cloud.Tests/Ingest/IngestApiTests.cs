using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Cloud.Tests.Ingest;

[Collection(CloudDatabaseCollection.Name)]
public sealed class IngestApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task<IngestResponse> PostAsync(IngestBatch batch, HttpClient? client = null)
    {
        using var gateway = client ?? _app.CreateGatewayClient();
        var response = await gateway.PostAsJsonAsync("/api/v1/ingest", batch, TelemetryJson.Default.IngestBatch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse))!;
    }

    [Fact]
    public async Task Ingest_NewReadings_AreStoredOnceAndCounted()
    {
        var batch = TestData.Batch(CloudApp.GatewayId,
            TestData.Reading(CloudApp.GatewayId, 1, "rg-001", TestData.Now, ("rain_mm", 0.4)),
            TestData.Reading(CloudApp.GatewayId, 2, "rl-001", TestData.Now, ("water_level_m", 1.84), ("battery_v", 3.61)));

        var result = await PostAsync(batch);

        Assert.Equal(new IngestResponse(2, 0, []), result with { Rejected = [] });
        Assert.Empty(result.Rejected);
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id IN ('rg-001', 'rl-001')"));
        Assert.Equal(1.84, await TestData.ScalarAsync<double>(_app.ConnectionString, "SELECT (\"values\"->>'water_level_m')::float8 FROM device_latest WHERE device_id = 'rl-001'"));
    }

    [Fact]
    public async Task Ingest_BatchRepostedAfterLostResponse_IsStoredOnce()
    {
        var batch = TestData.Batch(CloudApp.GatewayId,
            TestData.Reading(CloudApp.GatewayId, 10, "rg-002", TestData.Now, ("rain_mm", 0.2)),
            TestData.Reading(CloudApp.GatewayId, 11, "rg-002", TestData.Now.AddMinutes(1), ("rain_mm", 0.4)));
        await PostAsync(batch);

        var again = await PostAsync(batch);

        Assert.Equal(0, again.Accepted);
        Assert.Equal(2, again.Duplicates);
        Assert.Equal(2, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'rg-002'"));
    }

    [Fact]
    public async Task Ingest_SameIdTwiceInOneBatch_IsStoredOnce()
    {
        var reading = TestData.Reading(CloudApp.GatewayId, 20, "rg-003", TestData.Now, ("rain_mm", 0.2));

        var result = await PostAsync(TestData.Batch(CloudApp.GatewayId, reading, reading));

        Assert.Equal(1, result.Accepted);
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public async Task Ingest_AbsurdValue_IsRefusedWithReasonAndDeadLettered_OthersStored()
    {
        var batch = TestData.Batch(CloudApp.GatewayId,
            TestData.Reading(CloudApp.GatewayId, 30, "rl-030", TestData.Now, ("water_level_m", 250)),
            TestData.Reading(CloudApp.GatewayId, 31, "rl-030", TestData.Now, ("water_level_m", 2.5)));

        var result = await PostAsync(batch);

        Assert.Equal(1, result.Accepted);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal($"{CloudApp.GatewayId}:30", rejection.Id);
        Assert.Contains("outside -10 to 100 m", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(rejection.Reason, await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT reason FROM dead_letters WHERE item_id = @id", new { id = rejection.Id }));
    }

    [Theory]
    [InlineData("gw-other:1", "is not gw-test:<journal sequence>")]
    [InlineData("gw-test:abc", "is not gw-test:<journal sequence>")]
    public async Task Ingest_IdNotOfThisGateway_IsRefused(string id, string reason)
    {
        var reading = TestData.Reading(CloudApp.GatewayId, 1, "rg-040", TestData.Now, ("rain_mm", 1)) with { Id = id };

        var result = await PostAsync(TestData.Batch(CloudApp.GatewayId, reading));

        Assert.Contains(reason, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_WithoutValidKey_Is401()
    {
        using var client = _app.CreateGatewayClient("edge_wrong");

        var response = await client.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId), TelemetryJson.Default.IngestBatch);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ingest_BatchNamingAnotherGateway_Is403()
    {
        using var client = _app.CreateGatewayClient();

        var response = await client.PostAsJsonAsync("/api/v1/ingest", TestData.Batch("gw-someone-else"), TelemetryJson.Default.IngestBatch);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_DeviceOfAnotherGateway_IsRefused()
    {
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "other-town", "gw-other", "op@other.local", "pw-other-123");
        using var otherGateway = _app.CreateGatewayClient(otherKey);
        await PostAsync(TestData.Batch("gw-other", TestData.Reading("gw-other", 1, "their-device", TestData.Now, ("rain_mm", 1))), otherGateway);

        var result = await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 50, "their-device", TestData.Now, ("rain_mm", 9))));

        // Row-level security hides the other municipality's device: this gateway learns only that it cannot have the id.
        Assert.Equal("device id their-device cannot be registered here; provision the device under another id", Assert.Single(result.Rejected).Reason);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM readings WHERE device_id = 'their-device'"));
    }

    [Fact]
    public async Task Ingest_GzipBody_IsAccepted()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 60, "rg-060", TestData.Now, ("rain_mm", 0.2))),
            TelemetryJson.Default.IngestBatch);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(json);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var client = _app.CreateGatewayClient();

        var response = await client.PostAsync("/api/v1/ingest", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse))!.Accepted);
    }

    [Fact]
    public async Task Ingest_MalformedBody_Is400Problem()
    {
        using var client = _app.CreateGatewayClient();

        var response = await client.PostAsync("/api/v1/ingest", new StringContent("{\"gatewayId\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ingest_UnknownDevice_IsRegisteredNearTheGateway()
    {
        await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 70, "tm-070", TestData.Now, ("tilt_x_deg", 0.5))));

        var kind = await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT kind FROM devices WHERE id = 'tm-070'");
        var metres = await TestData.ScalarAsync<double>(_app.ConnectionString,
            "SELECT ST_Distance(d.location, g.location) FROM devices d JOIN gateways g ON g.id = d.gateway_id WHERE d.id = 'tm-070'");
        Assert.Equal("tilt_meter", kind);
        Assert.InRange(metres, 90, 620);
    }

    [Fact]
    public async Task Ingest_OlderReadingAfterNewer_DoesNotRollBackLatestValues()
    {
        await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 80, "rl-080", TestData.Now, ("water_level_m", 2.0))));

        await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 81, "rl-080", TestData.Now.AddHours(-1), ("water_level_m", 1.0), ("battery_v", 3.7))));

        Assert.Equal(2.0, await TestData.ScalarAsync<double>(_app.ConnectionString, "SELECT (\"values\"->>'water_level_m')::float8 FROM device_latest WHERE device_id = 'rl-080'"));
        Assert.Equal(3.7, await TestData.ScalarAsync<double>(_app.ConnectionString, "SELECT (\"values\"->>'battery_v')::float8 FROM device_latest WHERE device_id = 'rl-080'"));
    }

    [Fact]
    public async Task Ingest_AlertsAndGaps_AreStoredOnceAndCounted()
    {
        var batch = new IngestBatch
        {
            GatewayId = CloudApp.GatewayId,
            Readings = [TestData.Reading(CloudApp.GatewayId, 90, "rl-090", TestData.Now, ("water_level_m", 2.7))],
            Alerts =
            [
                new Alert
                {
                    Id = $"{CloudApp.GatewayId}:91", GatewayId = CloudApp.GatewayId, DeviceId = "rl-090", Rule = "water_level_m>=2.5", Metric = "water_level_m",
                    Severity = "critical", State = "raised", Value = 2.7, Threshold = 2.5, Ts = TestData.Now,
                },
            ],
            Gaps =
            [
                new Gap
                {
                    Id = $"{CloudApp.GatewayId}:92", GatewayId = CloudApp.GatewayId, DeviceId = "rl-090",
                    From = TestData.Now.AddHours(-5), To = TestData.Now.AddHours(-4), Count = 60, Reason = "quota",
                },
            ],
        };

        var first = await PostAsync(batch);
        var again = await PostAsync(batch);

        Assert.Equal((3, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 3), (again.Accepted, again.Duplicates));
        Assert.Equal(60, await TestData.ScalarAsync<int>(_app.ConnectionString, "SELECT count FROM gaps WHERE device_id = 'rl-090'"));
        Assert.Equal("critical", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT severity FROM edge_alerts WHERE device_id = 'rl-090'"));
    }

    [Fact]
    public async Task Ingest_GapEndingBeforeItStarts_IsRefused()
    {
        var gap = new Gap
        {
            Id = $"{CloudApp.GatewayId}:95", GatewayId = CloudApp.GatewayId, DeviceId = "rl-095",
            From = TestData.Now, To = TestData.Now.AddHours(-1), Count = 1, Reason = "quota",
        };

        var result = await PostAsync(new IngestBatch { GatewayId = CloudApp.GatewayId, Gaps = [gap] });

        Assert.Equal("gap from is after to", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public async Task Ingest_IdReusedForADifferentReading_IsRefusedWithTheJournalFloorNotCountedAsDuplicate()
    {
        await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 700, "rl-700", TestData.Now, ("water_level_m", 1.0))));

        // The gateway's journal was replaced and its sequence started again: the same id, another reading.
        var result = await PostAsync(TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, 700, "rl-700", TestData.Now.AddMinutes(50), ("water_level_m", 2.0))));

        Assert.Equal((0, 0), (result.Accepted, result.Duplicates));
        Assert.StartsWith(IngestRejectionReasons.IdReused, Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        Assert.True(result.JournalFloor >= 700);
    }
}
