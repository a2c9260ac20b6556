using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Devices;

[Collection(CloudDatabaseCollection.Name)]
public sealed class DevicesApiTests(AutoRegisteringCloudFixture cloud) : IClassFixture<AutoRegisteringCloudFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task IngestAsync(string gatewayId, string key, long seq, string deviceId, params (string, double)[] values)
    {
        using var gateway = _app.CreateGatewayClient(key);
        var response = await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(gatewayId, TestData.Reading(gatewayId, seq, deviceId, TestData.Now, values)), TelemetryJson.Default.IngestBatch);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task List_AfterIngest_IsGeoJsonWithLatestValues()
    {
        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 1, "rl-geo", ("water_level_m", 1.5), ("battery_v", 3.6));
        using var client = await _app.CreateUserClientAsync();

        var response = await client.GetAsync("/api/v1/devices");

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var collection = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var feature = collection.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "rl-geo");
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        var properties = feature.GetProperty("properties");
        Assert.Equal(1.5, properties.GetProperty("latest").GetProperty("water_level_m").GetDouble());
        Assert.Equal("river_level", properties.GetProperty("kind").GetString());
        Assert.True(properties.GetProperty("locationApproximate").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, properties.GetProperty("lastSeen").ValueKind);
    }

    [Fact]
    public async Task List_OtherMunicipality_SeesNoneOfOurDevices()
    {
        await IngestAsync(CloudApp.GatewayId, _app.GatewayKey, 2, "ours-1", ("rain_mm", 1));
        var (_, otherKey) = await TestData.AddMunicipalityAsync(_app.ConnectionString, "far-town", "gw-far", "op@far.local", "far-password");
        await IngestAsync("gw-far", otherKey, 1, "theirs-1", ("rain_mm", 2));
        using var otherOperator = await _app.CreateUserClientAsync("op@far.local", "far-password");

        var collection = await otherOperator.GetFromJsonAsync<JsonElement>("/api/v1/devices");
        var single = await otherOperator.GetAsync("/api/v1/devices/ours-1");
        var readings = await otherOperator.GetAsync("/api/v1/devices/ours-1/readings");

        Assert.Equal(["theirs-1"], collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readings.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownDevice_Is404Problem()
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.GetAsync("/api/v1/devices/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
