using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Cloud.Tests.Profiles;
using Edge.Telemetry;

namespace Edge.Cloud.Tests.Devices;

/// <summary>What a device needs so that its transport works from the cloud's provisioning alone: DevEUI, profile, SMS numbers, report interval.</summary>
[Collection(CloudDatabaseCollection.Name)]
public sealed class DeviceTransportSettingsTests(CloudAppFixture cloud) : IClassFixture<CloudAppFixture>
{
    private readonly CloudApp _app = cloud.App;

    private async Task<string> ProfileAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/v1/profiles", DeviceProfilesApiTests.RiverProfile(name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_LoRaWanDeviceWithProfile_GatewayConfigCarriesDeviceAndProfile()
    {
        using var client = await _app.CreateUserClientAsync();
        var profileId = await ProfileAsync(client, "ts-river");

        var response = await client.PostAsJsonAsync("/api/v1/devices", new
        {
            id = "ts-lora-1", kind = "river_level", gatewayId = CloudApp.GatewayId, devEui = "70B3D57ED0001A2B", profileId,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var properties = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("properties");
        Assert.Equal("70b3d57ed0001a2b", properties.GetProperty("devEui").GetString());
        Assert.Equal(profileId, properties.GetProperty("profileId").GetString());
        using var gateway = _app.CreateGatewayClient();
        var config = (await gateway.GetFromJsonAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config", TelemetryJson.Default.GatewayConfig))!;
        var device = Assert.Single(config.Devices, d => d.Id == "ts-lora-1");
        Assert.Equal("70b3d57ed0001a2b", device.DevEui);
        Assert.Equal(profileId, device.ProfileId);
        Assert.Equal(300, device.ReportIntervalS); // the profile's, the device naming none
        var profile = Assert.Single(config.Profiles, p => p.GetProperty("id").GetString() == profileId);
        Assert.Equal("javascript", profile.GetProperty("codec").GetString());
        Assert.Contains("decodeUplink", profile.GetProperty("script").GetString(), StringComparison.Ordinal);
        Assert.True(Edge.Codecs.Profiles.DeviceProfileParser.TryParse(profile, Edge.Codecs.JavaScript.JavaScriptSandboxLimits.Default, out _, out var error), error);
    }

    [Fact]
    public async Task UpdateProfile_UsedByAGatewaysDevice_ChangesTheGatewayConfigETag()
    {
        using var client = await _app.CreateUserClientAsync();
        var profileId = await ProfileAsync(client, "ts-etag");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", new { id = "ts-etag-1", gatewayId = CloudApp.GatewayId, profileId })).StatusCode);
        using var gateway = _app.CreateGatewayClient();
        var before = (await gateway.GetAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config")).Headers.ETag!;

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/profiles/{profileId}", DeviceProfilesApiTests.RiverProfile("ts-etag", reportIntervalS: 1200))).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/gateways/{CloudApp.GatewayId}/config");
        request.Headers.IfNoneMatch.Add(before);
        var after = await gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var config = (await after.Content.ReadFromJsonAsync(TelemetryJson.Default.GatewayConfig))!;
        Assert.Equal(1200, Assert.Single(config.Devices, d => d.Id == "ts-etag-1").ReportIntervalS);
        Assert.Equal(1200, Assert.Single(config.Profiles, p => p.GetProperty("id").GetString() == profileId).GetProperty("reportIntervalS").GetInt32());
    }

    [Fact]
    public async Task Replace_LoRaWanDevice_NewOneKeepsProfileAndIntervalButNotTheOldDevEui()
    {
        using var client = await _app.CreateUserClientAsync();
        var profileId = await ProfileAsync(client, "ts-replace");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", new
        {
            id = "ts-rep-old", kind = "river_level", gatewayId = CloudApp.GatewayId, devEui = "c000000000000001", profileId, reportIntervalS = 1800,
        })).StatusCode);

        var response = await client.PostAsJsonAsync("/api/v1/devices/ts-rep-old/replace", new { newId = "ts-rep-new" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var properties = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("properties");
        Assert.Equal(profileId, properties.GetProperty("profileId").GetString());
        Assert.Equal(1800, properties.GetProperty("reportIntervalS").GetInt32());
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("devEui").ValueKind);
    }

    [Fact]
    public async Task Update_GsmSettings_AreServedToTheGatewayAndAudited()
    {
        using var client = await _app.CreateUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", new { id = "ts-gsm-1", kind = "rain_gauge", gatewayId = CloudApp.GatewayId })).StatusCode);

        var response = await client.PutAsJsonAsync("/api/v1/devices/ts-gsm-1", new { smsNumbers = new[] { "+254700000101", "+254700000102" }, reportIntervalS = 900 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var gateway = _app.CreateGatewayClient();
        var config = (await gateway.GetFromJsonAsync($"/api/v1/gateways/{CloudApp.GatewayId}/config", TelemetryJson.Default.GatewayConfig))!;
        var device = Assert.Single(config.Devices, d => d.Id == "ts-gsm-1");
        Assert.Equal(["+254700000101", "+254700000102"], device.SmsNumbers);
        Assert.Equal(900, device.ReportIntervalS);
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString,
            "SELECT count(*) FROM audit_log WHERE action = 'device.update' AND target = 'ts-gsm-1' AND details->>'ReportIntervalS' = '900'"));
    }

    [Theory]
    [InlineData("""{"id":"ts-bad-1","devEui":"70b3d57ed0001a2"}""", "devEui")]
    [InlineData("""{"id":"ts-bad-2","devEui":"70b3d57ed0001a2g"}""", "devEui")]
    [InlineData("""{"id":"ts-bad-3","smsNumbers":["0700000001"]}""", "smsNumbers")]
    [InlineData("""{"id":"ts-bad-4","reportIntervalS":0}""", "reportIntervalS")]
    [InlineData("""{"id":"ts-bad-5","profileId":"00000000-0000-0000-0000-00000000beef"}""", "profileId")]
    public async Task Create_InvalidTransportSetting_IsValidationProblemNamingTheField(string body, string field)
    {
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsync("/api/v1/devices", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Create_DevEuiTakenInAnotherMunicipality_IsConflictAndWritesNothing()
    {
        await TestData.AddMunicipalityAsync(_app.ConnectionString, "ts-other", "gw-ts-other", "ts-other@x.local", "other-password", role: "admin");
        using var other = await _app.CreateUserClientAsync("ts-other@x.local", "other-password");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/api/v1/devices", new { id = "ts-foreign-lora", devEui = "a000000000000001" })).StatusCode);
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", new { id = "ts-own-lora", devEui = "A000000000000001" });
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/devices", new { id = "ts-own-lora-2" })).StatusCode);
        var update = await client.PutAsJsonAsync("/api/v1/devices/ts-own-lora-2", new { devEui = "a000000000000001" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        Assert.Equal(0, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE id = 'ts-own-lora'"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(_app.ConnectionString, "SELECT count(*) FROM devices WHERE dev_eui = 'a000000000000001'"));
    }

    [Fact]
    public async Task Create_ProfileOfAnotherMunicipality_IsUnknownProfile()
    {
        await TestData.AddMunicipalityAsync(_app.ConnectionString, "ts-other-p", "gw-ts-other-p", "ts-other-p@x.local", "other-password", role: "admin");
        using var other = await _app.CreateUserClientAsync("ts-other-p@x.local", "other-password");
        var foreignProfile = await ProfileAsync(other, "ts-foreign-profile");
        using var client = await _app.CreateUserClientAsync();

        var response = await client.PostAsJsonAsync("/api/v1/devices", new { id = "ts-foreign-profile-user", profileId = foreignProfile });
        var read = await client.GetAsync($"/api/v1/profiles/{foreignProfile}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Import_TransportColumns_AreCheckedAndStored()
    {
        using var client = await _app.CreateUserClientAsync();
        var profileId = await ProfileAsync(client, "ts-import");
        var csv = $"""
            id,kind,gatewayId,devEui,profileId,smsNumbers,reportIntervalS
            ts-imp-1,river_level,{CloudApp.GatewayId},B000000000000001,{profileId},,600
            ts-imp-2,rain_gauge,{CloudApp.GatewayId},,,+254700000201;+254700000202,60
            ts-imp-3,rain_gauge,{CloudApp.GatewayId},B000000000000001,,,
            ts-imp-4,rain_gauge,{CloudApp.GatewayId},,not-a-guid,0700,soon
            """;

        var response = await client.PostAsync("/api/v1/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["created", "created", "invalid", "invalid"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Contains("devEui", rows[2].GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["profileId", "reportIntervalS"], rows[3].GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("b000000000000001", await TestData.ScalarAsync<string>(_app.ConnectionString, "SELECT dev_eui FROM devices WHERE id = 'ts-imp-1'"));
        Assert.Equal(2, await TestData.ScalarAsync<int>(_app.ConnectionString, "SELECT cardinality(sms_numbers) FROM devices WHERE id = 'ts-imp-2'"));
    }
}
