using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Devices;

[Collection(CloudDatabaseCollection.Name)]
public sealed class DeviceProvisioningApiTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    private static object Device(string id, string kind = "river_level", double latitude = -0.72, double longitude = 37.15, string? gatewayId = CloudApp.GatewayId) =>
        new { id, name = $"Station {id}", kind, latitude, longitude, gatewayId, installedOn = "2026-11-20" };

    private async Task<JsonElement> CreateAsync(HttpClient client, object device)
    {
        var response = await client.PostAsJsonAsync("/api/v1/devices", device);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> IngestAsync(long seq, string deviceId)
    {
        using var gateway = _app.CreateGatewayClient();
        return await gateway.PostAsJsonAsync("/api/v1/ingest", TestData.Batch(CloudApp.GatewayId, TestData.Reading(CloudApp.GatewayId, seq, deviceId, TestData.Now, ("water_level_m", 1.2))),
            TelemetryJson.Default.IngestBatch);
    }

    [Fact]
    public async Task Create_ValidDevice_IsServedWithItsLocationAndAudited()
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", Device("prov-rl-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/devices/prov-rl-1", response.Headers.Location?.OriginalString);
        var feature = await client.GetFromJsonAsync<JsonElement>("/api/v1/devices/prov-rl-1");
        Assert.Equal([37.15, -0.72], feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal("river_level", feature.GetProperty("properties").GetProperty("kind").GetString());
        Assert.Equal("2026-11-20", feature.GetProperty("properties").GetProperty("installedOn").GetString());
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'device.create' AND target = 'prov-rl-1' AND actor = @actor AND tenant_id IS NOT NULL", new { actor = CloudApp.AdminEmail }));
        var ingest = await (await IngestAsync(100, "prov-rl-1")).Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse);
        Assert.Equal(1, ingest!.Accepted);
    }

    [Theory]
    [InlineData("bad id!", "river_level", -0.7, 37.1, "id")]
    [InlineData("prov-bad-kind", "volcano", -0.7, 37.1, "kind")]
    [InlineData("prov-bad-lat", "river_level", 91, 37.1, "latitude")]
    [InlineData("prov-bad-lon", "river_level", -0.7, 181, "longitude")]
    public async Task Create_InvalidField_IsValidationProblemNamingTheField(string id, string kind, double latitude, double longitude, string field)
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", Device(id, kind, latitude, longitude));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Create_GatewayOfAnotherMunicipality_IsRefusedAsUnknownGateway()
    {
        await TestData.AddMunicipalityAsync(_app.ConnectionString, "prov-other", "gw-prov-other", "prov-other@x.local", "other-password");
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", Device("prov-foreign-gw", gatewayId: "gw-prov-other"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no gateway gw-prov-other", problem.GetProperty("errors").GetProperty("gatewayId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id = 'prov-foreign-gw'"));
    }

    [Fact]
    public async Task Create_OutsideTheMunicipalityBoundary_IsRefused()
    {
        await TestData.ExecuteAsync(_app.ConnectionString, """
            UPDATE tenants SET boundary = ST_Multi(ST_MakeEnvelope(37.0, -0.8, 37.3, -0.6, 4326))::geography
            WHERE id = (SELECT tenant_id FROM gateways WHERE id = @gateway)
            """, new { gateway = CloudApp.GatewayId });
        using var client = await _app.CreateUserClientAsync();

        var outside = await client.PostAsJsonAsync("/api/v1/devices", Device("prov-outside", latitude: 1.5, longitude: 36.0));
        var inside = await client.PostAsJsonAsync("/api/v1/devices", Device("prov-inside", latitude: -0.7, longitude: 37.1));

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
    }

    [Fact]
    public async Task Create_IdTaken_IsConflict()
    {
        using var client = await _app.CreateUserClientAsync();
        await CreateAsync(client, Device("prov-dup"));

        var again = await client.PostAsJsonAsync("/api/v1/devices", Device("prov-dup"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Update_NameAndLocation_ChangesOnlyThoseAndIsAudited()
    {
        using var client = await _app.CreateUserClientAsync();
        await CreateAsync(client, Device("prov-upd"));

        var response = await client.PutAsJsonAsync("/api/v1/devices/prov-upd", new { name = "Bridge gauge", latitude = -0.71, longitude = 37.16 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("properties");
        Assert.Equal("Bridge gauge", properties.GetProperty("name").GetString());
        Assert.Equal("river_level", properties.GetProperty("kind").GetString());
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'device.update' AND target = 'prov-upd'"));
    }

    [Fact]
    public async Task Update_UnknownDevice_IsNotFound()
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PutAsJsonAsync("/api/v1/devices/prov-nobody", new { name = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Retire_Device_StaysWithStatusRetiredAndItsReadingsAreRefused()
    {
        using var client = await _app.CreateUserClientAsync();
        await CreateAsync(client, Device("prov-ret"));

        var response = await client.DeleteAsync("/api/v1/devices/prov-ret");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var properties = (await client.GetFromJsonAsync<JsonElement>("/api/v1/devices/prov-ret")).GetProperty("properties");
        Assert.Equal("retired", properties.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, properties.GetProperty("retiredAt").ValueKind);
        var ingest = await (await IngestAsync(200, "prov-ret")).Content.ReadFromJsonAsync(TelemetryJson.Default.IngestResponse);
        Assert.Contains("retired", Assert.Single(ingest!.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync("/api/v1/devices/prov-ret", new { name = "x" })).StatusCode);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM audit_log WHERE action = 'device.retire' AND target = 'prov-ret'"));
    }

    [Fact]
    public async Task Replace_Device_NewOneInheritsLocationRulesAndLinkAndOldIsRetired()
    {
        using var client = await _app.CreateUserClientAsync();
        await CreateAsync(client, Device("prov-old", latitude: -0.701, longitude: 37.101));
        await TestData.ExecuteAsync(_app.ConnectionString, """
            INSERT INTO rules (tenant_id, definition) SELECT tenant_id, '{"id":"prov-river","kind":"threshold","metric":"water_level_m","devices":["prov-old","other"]}'::jsonb
            FROM gateways WHERE id = @gateway
            """, new { gateway = CloudApp.GatewayId });

        var response = await client.PostAsJsonAsync("/api/v1/devices/prov-old/replace", new { newId = "prov-new" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var replacement = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([37.101, -0.701], replacement.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal("prov-old", replacement.GetProperty("properties").GetProperty("replaces").GetString());
        Assert.Equal("river_level", replacement.GetProperty("properties").GetProperty("kind").GetString());
        Assert.Equal(CloudApp.GatewayId, replacement.GetProperty("properties").GetProperty("gatewayId").GetString());
        var old = (await client.GetFromJsonAsync<JsonElement>("/api/v1/devices/prov-old")).GetProperty("properties");
        Assert.Equal("retired", old.GetProperty("status").GetString());
        Assert.Equal("prov-new", old.GetProperty("replacedBy").GetString());
        var devices = await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT definition->>'devices' FROM rules WHERE definition->>'id' = 'prov-river'");
        Assert.Equal("""["other", "prov-new"]""", devices);
    }

    [Fact]
    public async Task Replace_RetiredDevice_IsConflict()
    {
        using var client = await _app.CreateUserClientAsync();
        await CreateAsync(client, Device("prov-gone"));
        await client.DeleteAsync("/api/v1/devices/prov-gone");

        var response = await client.PostAsJsonAsync("/api/v1/devices/prov-gone/replace", new { newId = "prov-gone-2" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id = 'prov-gone-2'"));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("operator")]
    public async Task Create_ByReadOnlyRole_IsForbidden(string role)
    {
        await TestData.AddUserAsync(_app.ConnectionString, $"prov-{role}@x.local", "role-password", role);
        using var client = await _app.CreateUserClientAsync($"prov-{role}@x.local", "role-password");

        var response = await client.PostAsJsonAsync("/api/v1/devices", Device($"prov-by-{role}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id = @id", new { id = $"prov-by-{role}" }));
    }

    [Fact]
    public async Task Create_ByTechnician_IsAllowed()
    {
        await TestData.AddUserAsync(_app.ConnectionString, "prov-tech@x.local", "tech-password", "technician");
        using var client = await _app.CreateUserClientAsync("prov-tech@x.local", "tech-password");

        await CreateAsync(client, Device("prov-by-tech"));
    }
}
